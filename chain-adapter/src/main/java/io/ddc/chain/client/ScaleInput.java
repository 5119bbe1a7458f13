package io.ddc.chain.client;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** A SCALE reader over a byte array; malformed input fails with {@link ChainException}. */
final class ScaleInput {
  private final byte[] b;
  private int pos;

  ScaleInput(byte[] b) {
    this.b = b;
  }

  int remaining() {
    return b.length - pos;
  }

  int position() {
    return pos;
  }

  private void need(int n) {
    if (n < 0 || (long) pos + n > b.length) {
      throw new ChainException(
          "SCALE input ends at byte " + b.length + ", " + n + " more needed at " + pos);
    }
  }

  int u8() {
    need(1);
    return b[pos++] & 0xff;
  }

  int u16() {
    return u8() | (u8() << 8);
  }

  long u32() {
    need(4);
    long v =
        (b[pos] & 0xffL)
            | (b[pos + 1] & 0xffL) << 8
            | (b[pos + 2] & 0xffL) << 16
            | (b[pos + 3] & 0xffL) << 24;
    pos += 4;
    return v;
  }

  long u64() {
    return u32() | (u32() << 32);
  }

  /** Little-endian unsigned integer of {@code n} bytes. */
  BigInteger uint(int n) {
    byte[] le = bytes(n);
    byte[] be = new byte[n + 1];
    for (int i = 0; i < n; i++) {
      be[n - i] = le[i];
    }
    return new BigInteger(be);
  }

  /** Little-endian two's complement integer of {@code n} bytes. */
  BigInteger sint(int n) {
    byte[] le = bytes(n);
    byte[] be = new byte[n];
    for (int i = 0; i < n; i++) {
      be[n - 1 - i] = le[i];
    }
    return new BigInteger(be);
  }

  boolean bool() {
    int v = u8();
    if (v > 1) {
      throw new ChainException("SCALE bool must be 0 or 1, " + v + " at " + (pos - 1));
    }
    return v == 1;
  }

  BigInteger compactBig() {
    int b0 = u8();
    switch (b0 & 3) {
      case 0:
        return BigInteger.valueOf(b0 >>> 2);
      case 1:
        return BigInteger.valueOf((b0 | (u8() << 8)) >>> 2);
      case 2:
        return BigInteger.valueOf(
            (b0 | ((long) u8() << 8) | ((long) u8() << 16) | ((long) u8() << 24)) >>> 2);
      default:
        return uint((b0 >>> 2) + 4);
    }
  }

  /** A compact integer that must fit an int (lengths, type ids). */
  int compactInt() {
    BigInteger v = compactBig();
    if (v.bitLength() > 31) {
      throw new ChainException("compact value " + v + " too large at " + pos);
    }
    return v.intValue();
  }

  byte[] bytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(b, pos, out, 0, n);
    pos += n;
    return out;
  }

  byte[] vecU8() {
    return bytes(compactInt());
  }

  String string() {
    return new String(vecU8(), StandardCharsets.UTF_8);
  }

  String optString() {
    return u8() == 0 ? null : string();
  }
}
