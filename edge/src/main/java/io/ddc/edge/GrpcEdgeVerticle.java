package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/** The native gRPC port: cleartext HTTP/2 (node-protocol.md §2.2). */
final class GrpcEdgeVerticle extends VerticleBase {
  /**
   * The HTTP/2 receive window the node grants each stream (SETTINGS_INITIAL_WINDOW_SIZE): 4 MiB, so
   * a client streams a whole upload chunk (at most 4 091 904 bytes) without waiting for a window
   * update. HTTP/2's default of 64 KiB made every upload wait a round trip per 64 KiB.
   */
  static final int STREAM_WINDOW = 4 * 1024 * 1024;

  /**
   * The receive window of the whole connection: 16 MiB. All streams of a client share it, so with
   * HTTP/2's default (64 KiB) concurrent uploads on one connection were limited to 64 KiB per round
   * trip together.
   */
  static final int CONNECTION_WINDOW = 16 * 1024 * 1024;

  private final NodeOptions options;
  private final NodeApi api;
  private final EdgeMetrics metrics;
  private HttpServer server;

  /** The HTTP request being handed to vertx-grpc (event-loop confined; null in between). */
  private HttpServerRequest current;

  GrpcEdgeVerticle(NodeOptions options, NodeApi api, EdgeMetrics metrics) {
    this.options = options;
    this.api = api;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc =
        GrpcServer.server(
            vertx, new GrpcServerOptions().setMaxMessageSize(options.maxMessageBytes()));
    grpc.callHandler(
        req -> api.handle(metrics.metered(new NativeGrpcCall(req, plainGrpc(current)), "grpc")));
    HttpServerOptions so =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.grpcPort())
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(new Http2Settings().setInitialWindowSize(STREAM_WINDOW))
            .setHttp2ConnectionWindowSize(CONNECTION_WINDOW);
    return vertx
        .createHttpServer(so)
        .requestHandler(
            r -> {
              // vertx-grpc calls the call handler from inside handle(), on this thread
              current = r;
              try {
                grpc.handle(r);
              } finally {
                current = null;
              }
            })
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The HTTP/2 response of a plain gRPC request (not gRPC-Web), else null. */
  private static HttpServerResponse plainGrpc(HttpServerRequest r) {
    if (r == null || r.version() != HttpVersion.HTTP_2) {
      return null;
    }
    String type = r.getHeader("content-type");
    return type != null
            && type.startsWith("application/grpc")
            && !type.startsWith("application/grpc-web")
        ? r.response()
        : null;
  }

  int port() {
    return server.actualPort();
  }
}
