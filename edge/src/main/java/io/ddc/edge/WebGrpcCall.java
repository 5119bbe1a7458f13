package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link RpcCall} over grpc-web on a WebSocket, sub-protocol {@code grpc-websockets}
 * (docs/spec/node-protocol.md §2.5): one socket per RPC, binary messages only.
 *
 * <p>Inbound: the first message is the ASCII header block; then each message is {@code 0x00}
 * followed by gRPC frames ({@code flag, len32 BE, bytes}); a lone {@code 0x01} ends the client
 * stream. Outbound: each frame is its own WebSocket message (the client's parser stops at the end
 * of a header frame); {@code 0x80} frames carry headers, then trailers; the socket closes with 1000
 * after the trailers.
 */
final class WebGrpcCall implements RpcCall {
  static final String CONTENT_TYPE = "content-type: application/grpc-web+proto\r\n";

  private final ServerWebSocket ws;
  private final int maxMessageBytes;
  private final Map<String, String> metadata = new HashMap<>();
  private final InboundMessages inbound = new InboundMessages();
  private Buffer partial = Buffer.buffer();
  private boolean headersReceived;
  private boolean headersSent;
  private boolean ended;
  private Handler<Void> cancelHandler;
  private Handler<Void> ready;

  WebGrpcCall(ServerWebSocket ws, int maxMessageBytes) {
    this.ws = ws;
    this.maxMessageBytes = maxMessageBytes;
    ws.binaryMessageHandler(this::onMessage);
    ws.textMessageHandler(t -> fail(EdgeException.invalid("grpc-web messages must be binary")));
    ws.exceptionHandler(e -> {});
    ws.closeHandler(
        v -> {
          if (!ended) {
            ended = true;
            inbound.close();
            if (cancelHandler != null) {
              cancelHandler.handle(null);
            }
          }
        });
  }

  /** Calls {@code handler} once the header block has arrived (the method is known already). */
  void onReady(Handler<Void> handler) {
    this.ready = handler;
  }

  private void onMessage(Buffer msg) {
    if (ended) {
      return;
    }
    if (!headersReceived) {
      headersReceived = true;
      parseHeaders(msg.toString(StandardCharsets.US_ASCII));
      if (ready != null) {
        ready.handle(null);
      }
      return;
    }
    if (msg.length() == 1 && msg.getByte(0) == 1) {
      inbound.end();
      return;
    }
    if (msg.length() == 0 || msg.getByte(0) != 0) {
      fail(EdgeException.invalid("grpc-web message must start with 0x00 or be a lone 0x01"));
      return;
    }
    partial.appendBuffer(msg, 1, msg.length() - 1);
    while (partial.length() >= 5) {
      long len = partial.getUnsignedInt(1);
      if (len > maxMessageBytes) {
        fail(
            EdgeException.invalid(
                "message of " + len + " bytes exceeds the limit of " + maxMessageBytes));
        return;
      }
      if (partial.length() < 5 + len) {
        break;
      }
      if ((partial.getByte(0) & 1) != 0) {
        fail(EdgeException.invalid("compressed grpc-web frames are not supported"));
        return;
      }
      inbound.add(partial.getBuffer(5, 5 + (int) len));
      partial = partial.getBuffer(5 + (int) len, partial.length());
    }
    inbound.deliver();
  }

  private void parseHeaders(String block) {
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        metadata.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
  }

  @Override
  public String method() {
    return ws.path();
  }

  @Override
  public String metadata(String key) {
    return metadata.get(key);
  }

  @Override
  public void messageHandler(Handler<Buffer> handler) {
    inbound.messageHandler(handler);
  }

  @Override
  public void endHandler(Handler<Void> handler) {
    inbound.endHandler(handler);
  }

  @Override
  public void cancelHandler(Handler<Void> handler) {
    this.cancelHandler = handler;
  }

  @Override
  public void pause() {
    inbound.pause();
    ws.pause();
  }

  @Override
  public void resume() {
    ws.resume();
    inbound.resume();
  }

  @Override
  public void sendHeaders() {
    if (!headersSent && !ended) {
      headersSent = true;
      ws.writeBinaryMessage(headerFrame(CONTENT_TYPE));
    }
  }

  @Override
  public Future<Void> send(Buffer message) {
    sendHeaders();
    Buffer frame = Buffer.buffer(5 + message.length());
    frame.appendByte((byte) 0).appendInt(message.length()).appendBuffer(message);
    return ws.writeBinaryMessage(frame);
  }

  /**
   * {@link #send} copies the message into its frame at once, so the buffer goes back right after.
   */
  @Override
  public Future<Void> sendUncopied(io.netty.buffer.ByteBuf message) {
    try {
      return send(io.vertx.core.internal.buffer.BufferInternal.buffer(message));
    } finally {
      message.release();
    }
  }

  @Override
  public boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    ws.drainHandler(handler);
  }

  @Override
  public void end(Buffer last) {
    if (ended) {
      return;
    }
    if (last != null) {
      send(last);
    } else {
      sendHeaders();
    }
    finish("grpc-status: 0\r\ngrpc-message: \r\n");
  }

  @Override
  public void fail(Throwable failure) {
    if (ended) {
      return;
    }
    StatusMapping.Status s = StatusMapping.of(failure);
    String block =
        "grpc-status: "
            + s.grpc().code
            + "\r\ngrpc-message: "
            + percentEncode(s.message())
            + "\r\n";
    // Before headers this single frame is the trailers-only form the client reads at once.
    finish(headersSent ? block : CONTENT_TYPE + block);
  }

  private void finish(String trailers) {
    ended = true;
    inbound.close();
    headersSent = true;
    ws.writeBinaryMessage(headerFrame(trailers)).onComplete(ar -> ws.close((short) 1000));
  }

  @Override
  public boolean ended() {
    return ended;
  }

  static Buffer headerFrame(String block) {
    byte[] b = block.getBytes(StandardCharsets.US_ASCII);
    return Buffer.buffer(5 + b.length).appendByte((byte) 0x80).appendInt(b.length).appendBytes(b);
  }

  /** Percent-encodes everything but printable ASCII other than {@code %} (gRPC's rule). */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
