package io.ddc.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SS58 addresses of 32-byte account ids: {@code base58(prefix ‖ publicKey ‖ checksum)}, where the
 * checksum is the first two bytes of {@code blake2b512("SS58PRE" ‖ prefix ‖ publicKey)}. Prefixes
 * below 64 take one byte, prefixes 64 to 16383 two (the Substrate encoding).
 */
public final class Ss58 {
  /** Cere Network's prefix ({@code ss58Format} 54). */
  public static final int CERE_PREFIX = 54;

  /** The generic Substrate prefix. */
  public static final int GENERIC_PREFIX = 42;

  private static final byte[] CHECKSUM_PREFIX = "SS58PRE".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_LENGTH = 32;
  private static final int CHECKSUM_LENGTH = 2;

  private Ss58() {}

  /** A decoded address. {@code publicKey} is 32 bytes. */
  public record Address(int prefix, byte[] publicKey) {
    /** Copies the key. */
    public Address {
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Address a && a.prefix == prefix && Arrays.equals(a.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
      return 31 * prefix + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
      return encode(publicKey, prefix);
    }
  }

  /**
   * Encodes a 32-byte public key.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes or the prefix is outside 0..16383
   */
  public static String encode(byte[] publicKey, int prefix) {
    if (publicKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an SS58 account id has 32 bytes, " + publicKey.length + " given");
    }
    byte[] pre = prefixBytes(prefix);
    byte[] body = new byte[pre.length + KEY_LENGTH + CHECKSUM_LENGTH];
    System.arraycopy(pre, 0, body, 0, pre.length);
    System.arraycopy(publicKey, 0, body, pre.length, KEY_LENGTH);
    byte[] sum = checksum(body, pre.length + KEY_LENGTH);
    System.arraycopy(sum, 0, body, pre.length + KEY_LENGTH, CHECKSUM_LENGTH);
    return Base58.encode(body);
  }

  /** Encodes with {@link #CERE_PREFIX}. */
  public static String encode(byte[] publicKey) {
    return encode(publicKey, CERE_PREFIX);
  }

  /**
   * Decodes an address of a 32-byte account id with any prefix.
   *
   * @throws InvalidAddressException for a bad character, a wrong length, a reserved prefix byte or
   *     a checksum mismatch
   */
  public static Address decode(String address) throws InvalidAddressException {
    byte[] raw;
    try {
      raw = Base58.decode(address);
    } catch (IllegalArgumentException e) {
      throw new InvalidAddressException("SS58 address: " + e.getMessage());
    }
    if (raw.length == 0) {
      throw new InvalidAddressException("SS58 address is empty");
    }
    int first = raw[0] & 0xFF;
    int prefixLength;
    int prefix;
    if (first < 64) {
      prefixLength = 1;
      prefix = first;
    } else if (first < 128) {
      if (raw.length < 2) {
        throw new InvalidAddressException("SS58 address is too short: " + raw.length + " bytes");
      }
      int second = raw[1] & 0xFF;
      int lower = ((first << 2) | (second >> 6)) & 0xFF;
      int upper = second & 0x3F;
      prefixLength = 2;
      prefix = lower | (upper << 8);
    } else {
      throw new InvalidAddressException(
          "SS58 address starts with reserved prefix byte 0x" + Integer.toHexString(first));
    }
    int expected = prefixLength + KEY_LENGTH + CHECKSUM_LENGTH;
    if (raw.length != expected) {
      throw new InvalidAddressException(
          "SS58 address of a 32-byte account id has "
              + expected
              + " bytes after base58 decoding, "
              + raw.length
              + " found");
    }
    byte[] sum = checksum(raw, prefixLength + KEY_LENGTH);
    if (sum[0] != raw[expected - 2] || sum[1] != raw[expected - 1]) {
      throw new InvalidAddressException("SS58 address checksum mismatch");
    }
    return new Address(prefix, Arrays.copyOfRange(raw, prefixLength, prefixLength + KEY_LENGTH));
  }

  private static byte[] prefixBytes(int prefix) {
    if (prefix < 0 || prefix > 16383) {
      throw new IllegalArgumentException("SS58 prefix must be 0..16383, " + prefix + " given");
    }
    if (prefix < 64) {
      return new byte[] {(byte) prefix};
    }
    return new byte[] {
      (byte) (((prefix & 0xFC) >> 2) | 0x40), (byte) ((prefix >> 8) | ((prefix & 0x03) << 6))
    };
  }

  private static byte[] checksum(byte[] body, int length) {
    byte[] input = new byte[CHECKSUM_PREFIX.length + length];
    System.arraycopy(CHECKSUM_PREFIX, 0, input, 0, CHECKSUM_PREFIX.length);
    System.arraycopy(body, 0, input, CHECKSUM_PREFIX.length, length);
    return Hashing.blake2b512(input);
  }
}
