package io.ddc.pallets.scale;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked SCALE reader over a byte array. Every failure is a {@link ScaleException}; no
 * length read from the input allocates more than the bytes that remain, so garbage cannot exhaust
 * memory. Not thread-safe.
 */
public final class ScaleReader {
  private final byte[] b;
  private final int end;
  private int pos;

  public ScaleReader(byte[] b) {
    this(b, 0, b.length);
  }

  public ScaleReader(byte[] b, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > b.length) {
      throw new IllegalArgumentException("slice " + offset + "+" + length + " of " + b.length);
    }
    this.b = b;
    this.pos = offset;
    this.end = offset + length;
  }

  public int remaining() {
    return end - pos;
  }

  public int position() {
    return pos;
  }

  /** Fails unless every byte was consumed (a value must span its whole input). */
  public void expectEnd() {
    if (pos != end) {
      throw new ScaleException(remaining() + " trailing bytes after the value at " + pos);
    }
  }

  private void need(long n) {
    if (n < 0 || n > end - pos) {
      throw new ScaleException(
          "input ends " + remaining() + " bytes after " + pos + ", " + n + " needed");
    }
  }

  public int u8() {
    need(1);
    return b[pos++] & 0xff;
  }

  public int u16() {
    return (int) le(2);
  }

  public long u32() {
    return le(4);
  }

  public long u64() {
    return le(8);
  }

  /** Little-endian unsigned integer of {@code n} ≤ 8 bytes. */
  public long le(int n) {
    need(n);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (b[pos + i] & 0xffL) << (8 * i);
    }
    pos += n;
    return v;
  }

  public BigInteger u128() {
    return unsignedLe(16);
  }

  public BigInteger i128() {
    byte[] le = raw(16);
    byte[] be = new byte[16];
    for (int i = 0; i < 16; i++) {
      be[15 - i] = le[i];
    }
    return new BigInteger(be);
  }

  private BigInteger unsignedLe(int n) {
    byte[] le = raw(n);
    byte[] be = new byte[n + 1];
    for (int i = 0; i < n; i++) {
      be[n - i] = le[i];
    }
    return new BigInteger(be);
  }

  public boolean bool() {
    int at = pos;
    int v = u8();
    if (v > 1) {
      throw new ScaleException("bool must be 0 or 1, " + v + " at " + at);
    }
    return v == 1;
  }

  /** A compact integer of up to 128 bits, rejecting non-canonical encodings as Rust does. */
  public BigInteger compactBig() {
    int at = pos;
    int b0 = u8();
    if ((b0 & 3) != 3) {
      pos = at;
      return BigInteger.valueOf(compact());
    }
    int n = (b0 >>> 2) + 4;
    if (n > 16) {
      throw new ScaleException("compact of " + n + " bytes exceeds 128 bits at " + at);
    }
    BigInteger v = unsignedLe(n);
    checkBig(v, n, at);
    return v;
  }

  /** A compact integer that fits a signed long (up to 2^63-1); larger values fail. */
  public long compact() {
    int at = pos;
    int b0 = u8();
    switch (b0 & 3) {
      case 0:
        return b0 >>> 2;
      case 1:
        {
          long v = ((b0 | (u8() << 8)) >>> 2);
          if (v < 1 << 6) {
            throw nonCanonical(at);
          }
          return v;
        }
      case 2:
        {
          pos = at;
          long v = le(4) >>> 2;
          if (v < 1 << 14) {
            throw nonCanonical(at);
          }
          return v;
        }
      default:
        {
          int n = (b0 >>> 2) + 4;
          if (n > 8) {
            throw new ScaleException("compact of " + n + " bytes exceeds 64 bits at " + at);
          }
          long v = le(n);
          if (n == 8 && v < 0) {
            throw new ScaleException("compact value above 2^63-1 at " + at);
          }
          checkBig(BigInteger.valueOf(v), n, at);
          return v;
        }
    }
  }

  private static void checkBig(BigInteger v, int n, int at) {
    boolean minimal = n == 4 ? v.bitLength() > 30 : v.bitLength() > 8 * (n - 1);
    if (!minimal) {
      throw nonCanonical(at);
    }
  }

  private static ScaleException nonCanonical(int at) {
    return new ScaleException("non-canonical compact encoding at " + at);
  }

  /** A compact length or count that must fit an int and the remaining input (one byte per item). */
  public int length() {
    int at = pos;
    long n = compact();
    if (n > remaining()) {
      throw new ScaleException(
          "length " + n + " at " + at + " exceeds the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  /** {@code n} raw bytes. */
  public byte[] raw(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(b, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** {@code Vec<u8>}. */
  public byte[] bytes() {
    return raw(length());
  }

  /** {@code String}: strict UTF-8. */
  public String str() {
    int at = pos;
    byte[] raw = bytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ScaleException("string at " + at + " is not valid UTF-8");
    }
  }

  /** Decodes one value with {@code codec}. */
  public <T> T read(Codec<T> codec) {
    return codec.decode(this);
  }
}
