package io.ddc.chain.dev;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The few SCALE primitives the dev chain's own formats need (headers, log records). */
final class Scale {
  private Scale() {}

  static byte[] compact(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(9);
    writeCompact(out, v);
    return out.toByteArray();
  }

  static void writeCompact(ByteArrayOutputStream out, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("compact of a negative number: " + v);
    }
    if (v < 1 << 6) {
      out.write((int) (v << 2));
    } else if (v < 1 << 14) {
      int x = (int) (v << 2) | 1;
      out.write(x & 0xff);
      out.write((x >>> 8) & 0xff);
    } else if (v < 1 << 30) {
      int x = (int) (v << 2) | 2;
      for (int i = 0; i < 4; i++) {
        out.write((x >>> (8 * i)) & 0xff);
      }
    } else {
      int n = Math.max(4, (64 - Long.numberOfLeadingZeros(v) + 7) / 8);
      out.write(((n - 4) << 2) | 3);
      for (int i = 0; i < n; i++) {
        out.write((int) (v >>> (8 * i)) & 0xff);
      }
    }
  }

  /** Reads a compact integer at {@code buf}'s position (values up to 2^63-1). */
  static long readCompact(ByteBuffer buf) {
    int b0 = buf.get() & 0xff;
    switch (b0 & 3) {
      case 0:
        return b0 >>> 2;
      case 1:
        return ((b0 | ((buf.get() & 0xff) << 8)) >>> 2);
      case 2:
        {
          long x =
              b0
                  | ((buf.get() & 0xffL) << 8)
                  | ((buf.get() & 0xffL) << 16)
                  | ((buf.get() & 0xffL) << 24);
          return x >>> 2;
        }
      default:
        {
          int n = (b0 >>> 2) + 4;
          if (n > 8) {
            throw new IllegalArgumentException(
                "compact integer of " + n + " bytes exceeds 64 bits");
          }
          long x = 0;
          for (int i = 0; i < n; i++) {
            x |= (buf.get() & 0xffL) << (8 * i);
          }
          return x;
        }
    }
  }

  static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    writeCompact(out, b.length);
    out.writeBytes(b);
  }

  static byte[] readBytes(ByteBuffer buf) {
    long n = readCompact(buf);
    if (n > buf.remaining()) {
      throw new IllegalArgumentException(
          "length " + n + " exceeds the " + buf.remaining() + " bytes left");
    }
    byte[] b = new byte[(int) n];
    buf.get(b);
    return b;
  }

  static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
