package io.ddc.pallets.scale;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian SCALE output buffer. Not thread-safe. */
public final class ScaleWriter {
  private static final BigInteger U128_LIMIT = BigInteger.ONE.shiftLeft(128);
  private byte[] buf;
  private int len;

  public ScaleWriter() {
    this(64);
  }

  public ScaleWriter(int initialCapacity) {
    buf = new byte[Math.max(8, initialCapacity)];
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  /** Bytes written so far. */
  public int size() {
    return len;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public ScaleWriter u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  public ScaleWriter u16(int v) {
    return le(v & 0xffffL, 2);
  }

  public ScaleWriter u32(long v) {
    return le(v, 4);
  }

  public ScaleWriter u64(long v) {
    return le(v, 8);
  }

  /** Writes the low {@code n} bytes of {@code v}, little-endian. */
  public ScaleWriter le(long v, int n) {
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** Unsigned 128-bit integer, 16 bytes little-endian. */
  public ScaleWriter u128(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(U128_LIMIT) >= 0) {
      throw new IllegalArgumentException("u128 out of range: " + v);
    }
    return bigLe(v, 16);
  }

  /** Signed 128-bit integer, two's complement, 16 bytes little-endian. */
  public ScaleWriter i128(BigInteger v) {
    if (v.bitLength() > 127) {
      throw new IllegalArgumentException("i128 out of range: " + v);
    }
    return bigLe(v, 16);
  }

  private ScaleWriter bigLe(BigInteger v, int n) {
    byte[] be = v.toByteArray();
    ensure(n);
    byte fill = v.signum() < 0 ? (byte) 0xff : 0;
    for (int i = 0; i < n; i++) {
      int j = be.length - 1 - i;
      buf[len++] = j >= 0 ? be[j] : fill;
    }
    return this;
  }

  public ScaleWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  /** Compact (SCALE variable-length) encoding of a non-negative {@code v}. */
  public ScaleWriter compact(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("compact of a negative number: " + v);
    }
    if (v < 1 << 6) {
      return u8((int) (v << 2));
    } else if (v < 1 << 14) {
      return le((v << 2) | 1, 2);
    } else if (v < 1 << 30) {
      return le((v << 2) | 2, 4);
    }
    int n = Math.max(4, (64 - Long.numberOfLeadingZeros(v) + 7) / 8);
    u8(((n - 4) << 2) | 3);
    return le(v, n);
  }

  /** Compact encoding of a non-negative integer of up to 128 bits. */
  public ScaleWriter compact(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(U128_LIMIT) >= 0) {
      throw new IllegalArgumentException("compact out of the u128 range: " + v);
    }
    if (v.bitLength() < 63) {
      return compact(v.longValueExact());
    }
    int n = (v.bitLength() + 7) / 8;
    u8(((n - 4) << 2) | 3);
    return bigLe(v, n);
  }

  /** Raw bytes, no length prefix (fixed arrays). */
  public ScaleWriter raw(byte[] b) {
    return raw(b, 0, b.length);
  }

  public ScaleWriter raw(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  /** {@code Vec<u8>}: compact length then the bytes. */
  public ScaleWriter bytes(byte[] b) {
    compact(b.length);
    return raw(b);
  }

  /** {@code String}: UTF-8 as {@code Vec<u8>}. */
  public ScaleWriter str(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Encodes {@code value} with {@code codec}. */
  public <T> ScaleWriter write(Codec<T> codec, T value) {
    codec.encode(value, this);
    return this;
  }
}
