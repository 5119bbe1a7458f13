package io.ddc.protocol.grpc;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * Protobuf's length-delimited field header (tag, then the length as a varint) for the messages node
 * and client frame or slice themselves instead of going through generated code: a data field
 * written behind its header without copying the data, or cut out of a received message.
 */
public final class LengthDelimited {
  private LengthDelimited() {}

  /**
   * Bytes of the header (tag and varint length) of a field below 16 holding {@code length} bytes.
   */
  public static int headerSize(int length) {
    return 1 + (32 - Integer.numberOfLeadingZeros(length | 1) + 6) / 7;
  }

  /** Writes the header of field {@code number} (below 16) holding {@code length} bytes. */
  public static ByteBuf writeHeader(ByteBuf out, int number, int length) {
    out.writeByte((number << 3) | 2);
    int v = length;
    while ((v & ~0x7f) != 0) {
      out.writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    return out.writeByte(v);
  }

  /**
   * Where the value starts when the varint length at {@code at} says the value runs exactly to the
   * end of {@code message}; else -1 (a longer or shorter value, or no complete varint).
   */
  public static int valueRunningToEnd(Buffer message, int at) {
    int n = message.length();
    long len = 0;
    for (int shift = 0; at < n && shift < 35; shift += 7) {
      byte b = message.getByte(at++);
      len |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return len == n - at ? at : -1;
      }
    }
    return -1;
  }
}
