package io.ddc.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A weighted distribution of object sizes, written {@code 4KiB=70,1MiB=30} (weights need not add up
 * to 100). Units: B, KiB, MiB, GiB (binary), KB, MB, GB (decimal).
 */
public final class Sizes {
  private final long[] sizes;
  private final double[] cumulative;
  private final String text;

  private Sizes(long[] sizes, double[] cumulative, String text) {
    this.sizes = sizes;
    this.cumulative = cumulative;
    this.text = text;
  }

  /** Parses {@code SIZE=WEIGHT[,SIZE=WEIGHT…]}; a lone {@code SIZE} has weight 1. */
  public static Sizes parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("size distribution is empty; example: 4KiB=70,1MiB=30");
    }
    List<long[]> parts = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", 2);
      long size = parseBytes(kv[0]);
      double w;
      try {
        w = kv.length == 2 ? Double.parseDouble(kv[1].trim()) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of '" + part.trim() + "' is not a number");
      }
      if (!(w > 0)) {
        throw new IllegalArgumentException("weight of '" + part.trim() + "' must be positive");
      }
      parts.add(new long[] {size});
      weights.add(w);
    }
    long[] s = new long[parts.size()];
    double[] c = new double[parts.size()];
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double acc = 0;
    for (int i = 0; i < s.length; i++) {
      s[i] = parts.get(i)[0];
      acc += weights.get(i) / total;
      c[i] = acc;
    }
    c[c.length - 1] = 1.0;
    return new Sizes(s, c, text.trim());
  }

  /** Parses a byte count such as {@code 4KiB}, {@code 1MiB}, {@code 512}, {@code 10MB}. */
  public static long parseBytes(String text) {
    String t = text.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("'" + t + "' is not a size; examples: 512, 4KiB, 1MiB");
    }
    double n = Double.parseDouble(t.substring(0, i));
    long mult =
        switch (t.substring(i).trim().toLowerCase(Locale.ROOT)) {
          case "", "b" -> 1L;
          case "kib", "k" -> 1L << 10;
          case "mib", "m" -> 1L << 20;
          case "gib", "g" -> 1L << 30;
          case "kb" -> 1000L;
          case "mb" -> 1000_000L;
          case "gb" -> 1000_000_000L;
          default ->
              throw new IllegalArgumentException(
                  "unknown unit in '" + t + "'; use B, KiB, MiB, GiB, KB, MB or GB");
        };
    long bytes = Math.round(n * mult);
    if (bytes <= 0) {
      throw new IllegalArgumentException("size '" + t + "' must be at least 1 byte");
    }
    return bytes;
  }

  /** Formats a byte count with a binary unit, e.g. {@code 4 KiB}. */
  public static String format(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return (bytes == Math.rint(bytes)
            ? String.format(Locale.ROOT, "%.0f", bytes)
            : String.format(Locale.ROOT, "%.1f", bytes))
        + " "
        + units[u];
  }

  /** Draws one size. */
  public long next(SplittableRandom random) {
    double r = random.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (r < cumulative[i]) {
        return sizes[i];
      }
    }
    return sizes[sizes.length - 1];
  }

  /** The largest size in the distribution. */
  public long max() {
    long m = 0;
    for (long s : sizes) {
      m = Math.max(m, s);
    }
    return m;
  }

  @Override
  public String toString() {
    return text;
  }
}
