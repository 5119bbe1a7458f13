package io.ddc.edge;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * One RPC on either transport (native gRPC or grpc-web over WebSocket), so that both share the same
 * service code, authorization, flow control and activity capture (node-protocol.md §2.5.4). Every
 * method runs on the call's event loop; handlers are called there too.
 */
interface RpcCall {
  /** The full method path, e.g. {@code /file.FileApi/getFile}. */
  String method();

  /** A request metadata value (lower-case key), or null. */
  String metadata(String key);

  /** Receives each request message (the protobuf bytes, without framing). */
  void messageHandler(Handler<Buffer> handler);

  /** Called once when the client half-closes. */
  void endHandler(Handler<Void> handler);

  /** Called once if the client goes away (reset, socket closed) before the call ended. */
  void cancelHandler(Handler<Void> handler);

  /** Stops delivering request messages until {@link #resume()}. */
  void pause();

  void resume();

  /** Sends the response headers now (§2.4: streaming calls must not wait for content). */
  void sendHeaders();

  /** Sends one response message; the future completes when it was written out. */
  Future<Void> send(Buffer message);

  /**
   * Sends one response message held in a Netty buffer (direct memory the store read into, say),
   * taking ownership of it (it is released once written, or at once when it cannot be). A transport
   * that can put the message on the wire without copying it does so; the default copies it to the
   * heap, releases it and hands the copy to {@link #send}.
   */
  default Future<Void> sendUncopied(ByteBuf message) {
    Buffer copy;
    try {
      copy = Buffer.buffer(io.netty.buffer.ByteBufUtil.getBytes(message));
    } finally {
      message.release();
    }
    return send(copy);
  }

  /** Whether the outbound queue is full; wait for {@link #drainHandler} before sending more. */
  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  /** Ends the call with OK, after {@code last} when it is not null. */
  void end(Buffer last);

  /** Ends the call with the status of {@code failure} ({@link StatusMapping}). */
  void fail(Throwable failure);

  /** Whether the call has ended (either way, or cancelled). */
  boolean ended();
}
