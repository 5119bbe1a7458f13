package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

/** {@link RpcCall} over vertx-grpc's server (cleartext HTTP/2, node-protocol.md §2.2). */
final class NativeGrpcCall implements RpcCall {
  private final GrpcServerRequest<Buffer, Buffer> request;
  private final GrpcServerResponse<Buffer, Buffer> response;
  private Handler<Void> cancelHandler;
  private boolean ended;

  NativeGrpcCall(GrpcServerRequest<Buffer, Buffer> request) {
    this.request = request;
    this.response = request.response();
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
