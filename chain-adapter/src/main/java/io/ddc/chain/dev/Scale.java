package io.ddc.chain.dev;

import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The SCALE primitives the dev chain's own formats need (headers, log records), over {@code
 * pallet-specs}' codec. Malformed input fails with {@link IllegalArgumentException}.
 */
final class Scale {
  private Scale() {}

  static byte[] compact(long v) {
    return new ScaleWriter(9).compact(v).toByteArray();
  }

  static void writeCompact(ByteArrayOutputStream out, long v) {
    out.writeBytes(compact(v));
  }

  /** Reads a compact integer at {@code buf}'s position (values up to 2^63-1). */
  static long readCompact(ByteBuffer buf) {
    ScaleReader r = reader(buf);
    try {
      return r.compact();
    } catch (io.ddc.pallets.scale.ScaleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } finally {
      advance(buf, r);
    }
  }

  static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    out.writeBytes(new ScaleWriter(b.length + 5).bytes(b).toByteArray());
  }

  static byte[] readBytes(ByteBuffer buf) {
    ScaleReader r = reader(buf);
    try {
      return r.bytes();
    } catch (io.ddc.pallets.scale.ScaleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } finally {
      advance(buf, r);
    }
  }

  private static ScaleReader reader(ByteBuffer buf) {
    if (!buf.hasArray()) {
      byte[] copy = new byte[buf.remaining()];
      buf.duplicate().get(copy);
      return new ScaleReader(copy);
    }
    return new ScaleReader(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
  }

  private static void advance(ByteBuffer buf, ScaleReader r) {
    int consumed = buf.remaining() - r.remaining();
    buf.position(buf.position() + consumed);
  }

  static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
