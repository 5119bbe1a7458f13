package io.ddc.edge;

import io.ddc.protocol.proto.file.GetFileRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A raw-bytes gRPC client that behaves like the official one: streaming calls send message #1, then
 * wait for the response headers before sending the rest (node-protocol.md §2.4).
 */
final class GrpcTestClient {
  record Reply(GrpcStatus status, String message, List<Buffer> messages) {
    Buffer single() {
      return messages.get(0);
    }
  }

  private final GrpcClient client;
  private final SocketAddress address;

  GrpcTestClient(Vertx vertx, int port) {
    // grpc-js accepts 4 MiB messages; vertx-grpc's client defaults to 256 KiB.
    this.client =
        GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(4 * 1024 * 1024));
    this.address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  Reply call(String method, Map<String, String> metadata, List<Buffer> messages) {
    return call(method, metadata, messages, null);
  }

  /**
   * Calls {@code method}; {@code onReply} (if set) maps each response message to a message to send
   * back on the same stream (getFile acks), or null for none.
   */
  Reply call(
      String method,
      Map<String, String> metadata,
      List<Buffer> messages,
      Function<Buffer, Buffer> onReply) {
    return client
        .request(address)
        .compose(
            req -> {
              req.fullMethodName(method.substring(1));
              metadata.forEach((k, v) -> req.headers().set(k, v));
              req.write(messages.get(0));
              if (messages.size() == 1 && onReply == null) {
                req.end();
              }
              return req.response().compose(resp -> collect(req, resp, messages, onReply));
            })
        .await();
  }

  /**
   * The call's status message; Vert.x gRPC 5.0.7's client reads {@code grpc-message} only with a
   * status in the headers, so one sent in the trailers (a refusal after the headers) is read here.
   */
  private static String statusMessage(io.vertx.grpc.client.GrpcClientResponse<?, ?> resp) {
    String m = resp.statusMessage();
    String raw = m == null && resp.trailers() != null ? resp.trailers().get("grpc-message") : null;
    return raw == null ? m : percentDecoded(raw);
  }

  /** A {@code grpc-message} value as sent: percent-encoded UTF-8 ('+' stays '+'). */
  static String percentDecoded(String raw) {
    return java.net.URLDecoder.decode(
        raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Future<Reply> collect(
      GrpcClientRequest<Buffer, Buffer> req,
      io.vertx.grpc.client.GrpcClientResponse<Buffer, Buffer> resp,
      List<Buffer> messages,
      Function<Buffer, Buffer> onReply) {
    Promise<Reply> done = Promise.promise();
    List<Buffer> got = new ArrayList<>();
    resp.handler(
        m -> {
          got.add(m);
          if (onReply != null) {
            Buffer back = onReply.apply(m);
            if (back != null) {
              req.write(back);
            }
          }
        });
    resp.exceptionHandler(e -> {});
    resp.endHandler(
        v -> {
          if (onReply != null) {
            req.end();
          }
          done.tryComplete(new Reply(resp.status(), statusMessage(resp), got));
        });
    resp.errorHandler(e -> done.tryComplete(new Reply(resp.status(), statusMessage(resp), got)));
    for (int i = 1; i < messages.size(); i++) {
      req.write(messages.get(i));
    }
    if (messages.size() > 1 && onReply == null) {
      req.end();
    }
    return done.future();
  }

  static Buffer ackMessage(io.ddc.protocol.proto.activity.ActivityAcknowledgment ack) {
    return Buffer.buffer(GetFileRequest.newBuilder().setAck(ack).build().toByteArray());
  }
}
