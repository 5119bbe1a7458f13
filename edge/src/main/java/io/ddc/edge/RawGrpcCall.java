package io.ddc.edge;

import io.ddc.protocol.grpc.MessageDeframer;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@link RpcCall} over a plain gRPC request's own HTTP/2 stream, framed and deframed here instead
 * of by vertx-grpc (node-protocol.md §2.2; decision 0005). Request messages are cut out of the
 * received DATA frames by {@link MessageDeframer}: a message spanning frames is a composite of
 * slices of them, never assembled into a growing buffer and copied again. The status goes in the
 * trailers, or in the headers of a trailers-only response when the call fails before its headers
 * were sent — as vertx-grpc does it.
 *
 * <p>Used for putRawPiece, the call that moves a piece's bytes into the node; everything else stays
 * on vertx-grpc ({@link GrpcEdgeVerticle}).
 */
final class RawGrpcCall implements RpcCall {
  private final HttpServerRequest request;
  private final HttpServerResponse http;
  private final MessageDeframer deframer;

  /** Messages cut out of the body, not yet handed on (pausing the request stops only frames). */
  private final InboundMessages inbound = new InboundMessages();

  private Handler<Void> cancelHandler;
  private boolean ended;

  /**
   * A call over {@code request}, whose body is read from now on (messages wait for a handler);
   * messages over {@code maxMessageBytes} fail the call.
   */
  RawGrpcCall(HttpServerRequest request, long maxMessageBytes) {
    this.request = request;
    this.http = request.response();
    this.deframer = new MessageDeframer(maxMessageBytes, inbound::add);
    request.handler(this::onPiece);
    request.endHandler(
        v -> {
          if (ended) {
            return;
          }
          try {
            deframer.end();
          } catch (IllegalStateException e) {
            fail(EdgeException.invalid("request " + e.getMessage()));
            return;
          }
          inbound.end();
        });
    Handler<Throwable> gone = e -> cancelled();
    request.exceptionHandler(gone);
    http.exceptionHandler(gone);
    http.closeHandler(v -> cancelled());
  }

  private void onPiece(Buffer piece) {
    if (ended) {
      return;
    }
    try {
      deframer.feed(piece);
    } catch (IllegalStateException e) {
      // compressed without a negotiated encoding, or over the size limit: the client's fault
      fail(EdgeException.invalid("message rejected: " + e.getMessage()));
      return;
    }
    inbound.deliver();
  }

  private void cancelled() {
    if (!ended) {
      ended = true;
      inbound.close();
      if (cancelHandler != null) {
        cancelHandler.handle(null);
      }
    }
  }

  @Override
  public String method() {
    return request.path();
  }

  @Override
  public String metadata(String key) {
    return request.getHeader(key);
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
    request.pause();
  }

  @Override
  public void resume() {
    if (inbound.resume() && !ended) {
      request.resume();
    }
  }

  @Override
  public void sendHeaders() {
    if (!ended && !http.headWritten()) {
      head();
      http.writeHead();
    }
  }

  private void head() {
    http.setStatusCode(200).setChunked(true).putHeader("content-type", "application/grpc");
  }

  @Override
  public Future<Void> send(Buffer message) {
    if (ended || http.ended() || http.closed()) {
      return Future.failedFuture(new IllegalStateException("the call has ended"));
    }
    if (!http.headWritten()) {
      head();
    }
    return http.write(framed(message));
  }

  @Override
  public Future<Void> sendUncopied(ByteBuf message) {
    if (!ended && !http.ended() && !http.closed() && !http.headWritten()) {
      head();
    }
    return NativeGrpcCall.writeUncopied(http, message, ended);
  }

  private static Buffer framed(Buffer message) {
    return Buffer.buffer(5 + message.length())
        .appendByte((byte) 0)
        .appendInt(message.length())
        .appendBuffer(message);
  }

  @Override
  public boolean writeQueueFull() {
    return http.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    http.drainHandler(handler);
  }

  @Override
  public void end(Buffer last) {
    if (ended) {
      return;
    }
    ended = true;
    inbound.close();
    if (http.ended() || http.closed()) {
      return;
    }
    if (!http.headWritten()) {
      head();
    }
    if (last != null) {
      http.write(framed(last));
    }
    http.putTrailer("grpc-status", "0");
    http.end();
  }

  @Override
  public void fail(Throwable failure) {
    if (ended) {
      return;
    }
    ended = true;
    inbound.close();
    if (http.ended() || http.closed()) {
      return;
    }
    StatusMapping.Status s = StatusMapping.of(failure);
    String code = Integer.toString(s.grpc().code);
    String message = s.message() == null ? "" : WebGrpcCall.percentEncode(s.message());
    if (http.headWritten()) {
      http.putTrailer("grpc-status", code).putTrailer("grpc-message", message);
    } else {
      // trailers-only: the status rides in the one HEADERS frame that ends the stream
      head();
      http.putHeader("grpc-status", code).putHeader("grpc-message", message);
    }
    http.end();
    if (!request.isEnded()) {
      request.resume(); // the rest of the body is read and dropped, not left in the window
    }
  }

  @Override
  public boolean ended() {
    return ended;
  }
}
