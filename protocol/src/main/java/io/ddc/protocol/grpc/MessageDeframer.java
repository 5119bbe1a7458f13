package io.ddc.protocol.grpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a gRPC request or response body (node-protocol.md §2.2: per message a compression flag byte,
 * a big-endian 4-byte length, the message) into messages as its pieces arrive, whatever their
 * boundaries. A message is handed on as the received buffers' bytes themselves: one slice when it
 * lies in one received buffer, else a read-only composite of slices, never a copy. The received
 * buffers must not change afterwards (Vert.x hands each HTTP/2 DATA frame over as a fresh heap
 * buffer).
 *
 * <p>Not thread-safe; fed from the stream's event loop.
 */
public final class MessageDeframer {
  private final long maxMessageSize;
  private final Consumer<Buffer> messages;

  /** Bytes of the current prefix read so far (up to 5). */
  private final byte[] prefix = new byte[5];

  private int prefixRead;

  /** Length of the current message once its prefix is complete, else -1. */
  private long length = -1;

  private long collected;
  private final List<Buffer> parts = new ArrayList<>();
  private boolean failed;

  /**
   * A deframer handing each message to {@code messages}; a message longer than {@code
   * maxMessageSize} bytes is refused.
   */
  public MessageDeframer(long maxMessageSize, Consumer<Buffer> messages) {
    this.maxMessageSize = maxMessageSize;
    this.messages = messages;
  }

  /**
   * Takes the next piece of the body, handing on every message it completes.
   *
   * @throws IllegalStateException for a compressed message (callers use the deframer only where no
   *     encoding was negotiated) or one over the size limit; the deframer then refuses everything
   *     after it
   */
  public void feed(Buffer piece) {
    if (failed) {
      throw new IllegalStateException("the body was already refused");
    }
    int at = 0;
    int n = piece.length();
    while (at < n) {
      if (length < 0) {
        while (prefixRead < 5 && at < n) {
          prefix[prefixRead++] = piece.getByte(at++);
        }
        if (prefixRead < 5) {
          return;
        }
        startMessage();
        if (length == 0) {
          finishMessage();
        }
        continue;
      }
      int take = (int) Math.min(n - at, length - collected);
      parts.add(piece.slice(at, at + take));
      at += take;
      collected += take;
      if (collected == length) {
        finishMessage();
      }
    }
  }

  /**
   * Checks that the body ended on a message boundary.
   *
   * @throws IllegalStateException when it ended inside a message or its prefix
   */
  public void end() {
    if (!failed && (prefixRead > 0 || length >= 0)) {
      failed = true;
      throw new IllegalStateException(
          length >= 0
              ? "the body ended inside a message (" + collected + " of " + length + " bytes)"
              : "the body ended inside a message prefix");
    }
  }

  private void startMessage() {
    if (prefix[0] != 0) {
      failed = true;
      throw new IllegalStateException(
          prefix[0] == 1
              ? "a compressed message, though no compression was negotiated"
              : "invalid message flag " + (prefix[0] & 0xff));
    }
    long len =
        ((prefix[1] & 0xffL) << 24)
            | ((prefix[2] & 0xffL) << 16)
            | ((prefix[3] & 0xffL) << 8)
            | (prefix[4] & 0xffL);
    if (len > maxMessageSize) {
      failed = true;
      throw new IllegalStateException(
          "a message of " + len + " bytes exceeds the limit of " + maxMessageSize);
    }
    length = len;
    collected = 0;
  }

  private void finishMessage() {
    Buffer message;
    if (parts.isEmpty()) {
      message = Buffer.buffer();
    } else if (parts.size() == 1) {
      message = parts.get(0);
    } else {
      ByteBuf[] bufs = new ByteBuf[parts.size()];
      for (int i = 0; i < bufs.length; i++) {
        bufs[i] = ((BufferInternal) parts.get(i)).getByteBuf();
      }
      message = BufferInternal.buffer(Unpooled.wrappedUnmodifiableBuffer(bufs));
    }
    parts.clear();
    prefixRead = 0;
    length = -1;
    collected = 0;
    messages.accept(message);
  }
}
