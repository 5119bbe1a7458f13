package io.ddc.crypto;

import java.util.Arrays;

/** Base58 with the Bitcoin alphabet (SS58 addresses, DDC token strings). */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEX[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  /** Encodes {@code data}; each leading zero byte becomes a leading {@code '1'}. */
  public static String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // log(256) / log(58) < 1.37
    byte[] digits = new byte[data.length * 137 / 100 + 1];
    int used = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xFF;
      for (int j = 0; j < used; j++) {
        carry += (digits[j] & 0xFF) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[used++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder sb = new StringBuilder(zeros + used);
    sb.repeat('1', zeros);
    for (int j = used - 1; j >= 0; j--) {
      sb.append(ALPHABET[digits[j]]);
    }
    return sb.toString();
  }

  /**
   * Decodes a base58 string.
   *
   * @throws IllegalArgumentException on a character outside the alphabet (the message gives its
   *     position)
   */
  public static byte[] decode(String s) {
    int zeros = 0;
    while (zeros < s.length() && s.charAt(zeros) == '1') {
      zeros++;
    }
    // log(58) / log(256) < 0.733
    byte[] bytes = new byte[s.length() * 733 / 1000 + 1];
    int used = 0;
    for (int i = zeros; i < s.length(); i++) {
      char c = s.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("invalid base58 character at position " + i);
      }
      int carry = digit;
      for (int j = 0; j < used; j++) {
        carry += (bytes[j] & 0xFF) * 58;
        bytes[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[used++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + used];
    for (int j = 0; j < used; j++) {
      out[zeros + j] = bytes[used - 1 - j];
    }
    return out;
  }
}
