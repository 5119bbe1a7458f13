package io.ddc.chain.dev;

import java.util.HexFormat;

/** {@code 0x}-prefixed lower-case hex, as Substrate's RPC writes bytes. */
final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  static String encode(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  /**
   * Decodes {@code 0x…} (the prefix is optional); throws {@link IllegalArgumentException} on bad
   * input.
   */
  static byte[] decode(String s) {
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if ((h.length() & 1) != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + s.length());
    }
    return HEX.parseHex(h);
  }
}
