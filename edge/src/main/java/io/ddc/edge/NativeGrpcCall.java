package io.ddc.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

/** {@link RpcCall} over vertx-grpc's server (cleartext HTTP/2, node-protocol.md §2.2). */
final class NativeGrpcCall implements RpcCall {
  private final GrpcServerRequest<Buffer, Buffer> request;
  private final GrpcServerResponse<Buffer, Buffer> response;
  private final HttpServerResponse http;
  private Handler<Void> cancelHandler;
  private boolean ended;

  /**
   * A call over {@code request}; {@code http} is the HTTP/2 response underneath it when the call
   * speaks plain gRPC (not gRPC-Web), so that {@link #sendUncopied} can frame messages itself, else
   * null.
   */
  NativeGrpcCall(GrpcServerRequest<Buffer, Buffer> request, HttpServerResponse http) {
    this.request = request;
    this.response = request.response();
    this.http = http;
    request.errorHandler(
        err -> {
          if (!ended) {
            ended = true;
            if (cancelHandler != null) {
              cancelHandler.handle(null);
            }
          }
        });
    // An oversize or undecodable frame is the client's fault: a non-retryable status (§9.3).
    request.invalidMessageHandler(
        e -> fail(EdgeException.invalid("message rejected: " + e.getMessage())));
    request.exceptionHandler(err -> {});
    response.exceptionHandler(err -> {});
  }

  @Override
  public String method() {
    return "/" + request.fullMethodName();
  }

  @Override
  public String metadata(String key) {
    return request.headers().get(key);
  }

  @Override
  public void messageHandler(Handler<Buffer> handler) {
    request.handler(handler);
  }

  @Override
  public void endHandler(Handler<Void> handler) {
    request.endHandler(handler);
  }

  @Override
  public void cancelHandler(Handler<Void> handler) {
    this.cancelHandler = handler;
  }

  @Override
  public void pause() {
    request.pause();
  }

  @Override
  public void resume() {
    request.resume();
  }

  @Override
  public void sendHeaders() {
    response.writeHead();
  }

  @Override
  public Future<Void> send(Buffer message) {
    return response.write(message);
  }

  /**
   * Writes the gRPC length prefix (uncompressed) and {@code message} to the HTTP/2 stream as one
   * composite buffer: vertx-grpc would copy the message into a fresh heap buffer behind its prefix,
   * and Netty would copy that back into direct memory for the socket. Headers went out through
   * {@link #sendHeaders} and the trailers go through vertx-grpc's {@link #end}, on the same stream
   * and in order. The buffers are released once the write completed.
   */
  @Override
  public Future<Void> sendUncopied(ByteBuf message) {
    if (http == null) {
      return RpcCall.super.sendUncopied(message);
    }
    return writeUncopied(http, message, ended);
  }

  /**
   * Writes {@code message} behind its gRPC prefix to the plain gRPC response {@code http} as one
   * composite, taking ownership of it: released once written, or at once when the call has ended
   * ({@code ended}) or the stream is gone.
   */
  static Future<Void> writeUncopied(HttpServerResponse http, ByteBuf message, boolean ended) {
    ByteBuf prefix = Unpooled.directBuffer(5, 5).writeByte(0).writeInt(message.readableBytes());
    ByteBuf framed = Unpooled.wrappedBuffer(prefix, message);
    if (ended || http.ended() || http.closed()) {
      framed.release();
      return Future.failedFuture(new IllegalStateException("the call has ended"));
    }
    // Vert.x never releases a buffer it writes (it wraps it unreleasable): release it here once
    // the write completed or failed, when Netty holds no reference to it any more.
    return http.write(BufferInternal.buffer(framed)).onComplete(x -> framed.release());
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    response.drainHandler(handler);
  }

  @Override
  public void end(Buffer last) {
    if (ended) {
      return;
    }
    ended = true;
    response.status(GrpcStatus.OK);
    if (last != null) {
      response.end(last);
    } else {
      response.end();
    }
  }

  @Override
  public void fail(Throwable failure) {
    if (ended) {
      return;
    }
    ended = true;
    StatusMapping.Status s = StatusMapping.of(failure);
    response.status(s.grpc()).statusMessage(s.message()).end();
  }

  @Override
  public boolean ended() {
    return ended;
  }
}
