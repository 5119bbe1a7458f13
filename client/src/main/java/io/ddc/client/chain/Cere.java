package io.ddc.client.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * CERE amounts. The chain counts in planck, 10^-10 CERE; users write either planck (an integer) or
 * CERE with a suffix ({@code 1.5CERE}, {@code 200 cere}).
 */
public final class Cere {
  /** Planck per CERE: 10^10. */
  public static final BigInteger PLANCK_PER_CERE = BigInteger.TEN.pow(10);

  private static final BigDecimal SCALE = new BigDecimal(PLANCK_PER_CERE);

  private Cere() {}

  /**
   * Parses {@code 2000000000000} (planck) or {@code 200CERE}; the result is positive and whole in
   * planck, else {@link IllegalArgumentException} naming {@code what} and the text given.
   */
  public static BigInteger parse(String text, String what) {
    String t = text.trim();
    BigInteger v;
    try {
      v =
          t.toUpperCase(Locale.ROOT).endsWith("CERE")
              ? new BigDecimal(t.substring(0, t.length() - 4).trim())
                  .multiply(SCALE)
                  .toBigIntegerExact()
              : new BigInteger(t);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " is planck (an integer) or CERE with a suffix (200CERE), '" + text + "' given",
          e);
    }
    if (v.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be positive, '" + text + "' given");
    }
    return v;
  }

  /** {@code planck} as CERE without trailing zeros, e.g. {@code 12.5 CERE}. */
  public static String format(BigInteger planck) {
    BigDecimal c = new BigDecimal(planck).divide(SCALE).stripTrailingZeros();
    return (c.signum() == 0 ? "0" : c.toPlainString()) + " CERE";
  }
}
