package io.ddc.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a user command prints its result: text for people by default, one JSON value on stdout with
 * {@code --json} for scripts (amounts as strings of planck, so no precision is lost). Errors never
 * go here: they are one sentence on stderr ({@link DdcCommand.OneLineErrors}).
 */
final class Output {
  @Option(
      names = "--json",
      description = "Print the result as one JSON value on stdout, for scripts.")
  boolean json;

  /**
   * One result: as a JSON object, or as aligned {@code key value} lines; {@code text} (when not
   * null) replaces the lines, e.g. a bare id or CID that shell scripts capture.
   */
  void print(PrintWriter out, Map<String, ?> fields, String text) {
    if (json) {
      out.println(new JsonObject(copy(fields)).encode());
    } else if (text != null) {
      out.println(text);
    } else {
      int w =
          fields.entrySet().stream()
              .filter(e -> e.getValue() != null)
              .mapToInt(e -> e.getKey().length())
              .max()
              .orElse(1);
      for (Map.Entry<String, ?> e : fields.entrySet()) {
        if (e.getValue() != null) {
          out.printf("%-" + w + "s  %s%n", e.getKey(), e.getValue());
        }
      }
    }
    out.flush();
  }

  /** Rows of a list: a JSON array of objects, or one line per row with a header of the keys. */
  void printRows(PrintWriter out, List<? extends Map<String, ?>> rows, String empty) {
    if (json) {
      JsonArray a = new JsonArray();
      rows.forEach(r -> a.add(new JsonObject(copy(r))));
      out.println(a.encode());
    } else if (rows.isEmpty()) {
      out.println(empty);
    } else {
      out.println(String.join("\t", rows.get(0).keySet()));
      for (Map<String, ?> r : rows) {
        out.println(String.join("\t", r.values().stream().map(String::valueOf).toList()));
      }
    }
    out.flush();
  }

  private static Map<String, Object> copy(Map<String, ?> fields) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    fields.forEach((k, v) -> m.put(k, v instanceof java.math.BigInteger b ? b.toString() : v));
    return m;
  }
}
