package io.ddc.client.encryption;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 32-byte AES-256 key of one encrypted object. Never printed; {@link #bytes()} returns a copy.
 */
public final class DataKey {
  /** Key length in bytes. */
  public static final int LENGTH = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private DataKey(byte[] key) {
    this.key = key;
  }

  /** A fresh random key. */
  public static DataKey generate() {
    byte[] k = new byte[LENGTH];
    RANDOM.nextBytes(k);
    return new DataKey(k);
  }

  /** A key from its 32 bytes (copied). */
  public static DataKey of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a data key is 32 bytes, got " + key.length);
    }
    return new DataKey(key.clone());
  }

  /** A copy of the key bytes. */
  public byte[] bytes() {
    return key.clone();
  }

  byte[] raw() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataKey other && java.security.MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "DataKey[redacted]";
  }
}
