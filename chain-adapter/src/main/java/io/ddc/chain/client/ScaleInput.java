package io.ddc.chain.client;

import io.ddc.pallets.scale.ScaleException;
import io.ddc.pallets.scale.ScaleReader;
import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * The client's view of {@code pallet-specs}' {@link ScaleReader}: malformed input fails with {@link
 * ChainException} (the client's exception hierarchy) instead of {@link ScaleException}.
 */
final class ScaleInput {
  private final ScaleReader r;

  ScaleInput(byte[] b) {
    this.r = new ScaleReader(b);
  }

  private static <T> T read(Supplier<T> s) {
    try {
      return s.get();
    } catch (ScaleException e) {
      throw new ChainException("malformed SCALE: " + e.getMessage());
    }
  }

  int remaining() {
    return r.remaining();
  }

  int position() {
    return r.position();
  }

  int u8() {
    return read(r::u8);
  }

  int u16() {
    return read(r::u16);
  }

  long u32() {
    return read(r::u32);
  }

  long u64() {
    return read(r::u64);
  }

  /** Little-endian unsigned integer of {@code n} bytes. */
  BigInteger uint(int n) {
    return new BigInteger(1, reversed(bytes(n)));
  }

  /** Little-endian two's complement integer of {@code n} bytes. */
  BigInteger sint(int n) {
    return new BigInteger(reversed(bytes(n)));
  }

  private static byte[] reversed(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[le.length - 1 - i] = le[i];
    }
    return be;
  }

  boolean bool() {
    return read(r::bool);
  }

  BigInteger compactBig() {
    return read(r::compactBig);
  }

  /** A compact integer that must fit an int (lengths, type ids). */
  int compactInt() {
    long v = read(r::compact);
    if (v > Integer.MAX_VALUE) {
      throw new ChainException("compact value " + v + " too large at " + r.position());
    }
    return (int) v;
  }

  byte[] bytes(int n) {
    return read(() -> r.raw(n));
  }

  byte[] vecU8() {
    return read(r::bytes);
  }

  String string() {
    return read(r::str);
  }

  String optString() {
    return u8() == 0 ? null : string();
  }
}
