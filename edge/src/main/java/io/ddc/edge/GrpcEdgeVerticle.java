package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
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
              if (rawIntake(r)) {
                api.handle(metrics.metered(new RawGrpcCall(r, options.maxMessageBytes()), "grpc"));
                return;
              }
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

  /** The method whose requests are read off the raw HTTP/2 stream ({@link RawGrpcCall}). */
  static final String RAW_INTAKE = "/file.FileApi/putRawPiece";

  /**
   * Whether {@code r} is a plain, uncompressed gRPC call of {@link #RAW_INTAKE}: those skip
   * vertx-grpc, whose deframer copies each message into a buffer that grows by doubling and then
   * once more out of it (decision 0005). A request naming a compression goes to vertx-grpc, which
   * can inflate it.
   */
  private static boolean rawIntake(HttpServerRequest r) {
    if (r.version() != HttpVersion.HTTP_2
        || r.method() != HttpMethod.POST
        || !RAW_INTAKE.equals(r.path())
        || plainGrpc(r) == null) {
      return false;
    }
    String encoding = r.getHeader("grpc-encoding");
    return encoding == null || encoding.equals("identity");
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
