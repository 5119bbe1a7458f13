package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/** The native gRPC port: cleartext HTTP/2 (node-protocol.md §2.2). */
final class GrpcEdgeVerticle extends VerticleBase {
  private final NodeOptions options;
  private final NodeApi api;
  private final EdgeMetrics metrics;
  private HttpServer server;

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
    grpc.callHandler(req -> api.handle(metrics.metered(new NativeGrpcCall(req), "grpc")));
    HttpServerOptions so =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.grpcPort())
            .setHttp2ClearTextEnabled(true);
    return vertx.createHttpServer(so).requestHandler(grpc).listen().onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }
}
