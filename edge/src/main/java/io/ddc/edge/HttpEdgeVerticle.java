package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The HTTP port: {@code GET /info}, {@code GET /health}, grpc-web over WebSocket, {@code /metrics},
 * the validators' {@code /activity/…} and {@code /audit/…} API, tag search ({@code /search/…}) and
 * the CDN gateway. Paths never collide (node-protocol.md §8): WebSocket upgrades use a dotted first
 * segment, gateway paths start with a bucket id.
 *
 * <p>Turns on Vert.x's cache of encoded read-only response headers ({@value
 * #CACHE_IMMUTABLE_HEADERS}) unless the JVM was started with that property set: a hot gateway
 * answer takes its headers from a read-only map built once ({@link HotPieces}), which is then
 * encoded once instead of once per response (decision 0059). Read-only header maps never change, so
 * the cached bytes stay right.
 *
 * <p>On each HTTP/1.x connection {@link HotGetHandler} answers the plainest hot reads before Vert.x
 * sees them (decision 0006); everything else comes to {@link #handle}.
 */
final class HttpEdgeVerticle extends VerticleBase {
  /** Vert.x's system property: encode a read-only response header map once and keep the bytes. */
  static final String CACHE_IMMUTABLE_HEADERS = "vertx.cacheImmutableHttpResponseHeaders";

  static {
    // read by Vert.x for each new connection's response encoder
    if (System.getProperty(CACHE_IMMUTABLE_HEADERS) == null) {
      System.setProperty(CACHE_IMMUTABLE_HEADERS, "true");
    }
  }

  private final NodeOptions options;
  private final NodeInfo info;
  private final BooleanSupplier healthy;
  private final NodeApi api;
  private final HttpGateway gateway;
  private final ActivityApi activity;
  private final SearchApi search;
  private final EdgeMetrics metrics;
  private HttpServer server;

  HttpEdgeVerticle(
      NodeOptions options,
      NodeInfo info,
      BooleanSupplier healthy,
      NodeApi api,
      ActivityApi activity,
      SearchApi search,
      EdgeMetrics metrics) {
    this.search = search;
    this.options = options;
    this.activity = activity;
    this.info = info;
    this.healthy = healthy;
    this.api = api;
    this.metrics = metrics;
    this.gateway = new HttpGateway(api, metrics);
  }

  @Override
  public Future<?> start() {
    HttpServerOptions so =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.httpPort())
            .setHttp2ClearTextEnabled(true)
            .setMaxWebSocketFrameSize(options.maxMessageBytes())
            .setMaxWebSocketMessageSize(options.maxMessageBytes())
            .setWebSocketSubProtocols(List.of("grpc-websockets"));
    return vertx
        .createHttpServer(so)
        .connectionHandler(conn -> HotGetHandler.install(conn, gateway))
        .requestHandler(this::handle)
        .listen()
        .onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }

  /** {@code /{package.Service}/{method}}: a dotted first segment and exactly two segments. */
  static boolean isGrpcWebPath(String path) {
    int second = path.indexOf('/', 1);
    return second > 0
        && path.lastIndexOf('/') == second
        && path.substring(1, second).contains(".")
        && second < path.length() - 1;
  }

  private void handle(HttpServerRequest req) {
    if (gateway.serveIfHot(req)) {
      return;
    }
    String path = req.path();
    if (isGrpcWebPath(path) && "websocket".equalsIgnoreCase(req.getHeader("upgrade"))) {
      req.toWebSocket()
          .onSuccess(
              ws -> {
                WebGrpcCall call = new WebGrpcCall(ws, options.maxMessageBytes());
                call.onReady(v -> api.handle(metrics.metered(call, "grpc-web")));
              })
          .onFailure(e -> {});
      return;
    }
    boolean read = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
    if (path.equals("/info") && read) {
      req.response()
          .putHeader("content-type", "application/json")
          .putHeader("access-control-allow-origin", "*")
          .end(info.json());
    } else if (path.equals("/health") && read) {
      boolean up = healthy.getAsBoolean();
      req.response()
          .setStatusCode(up ? 200 : 503)
          .putHeader("content-type", "application/json")
          .putHeader("access-control-allow-origin", "*")
          .end(
              new JsonObject()
                  .put("status", up ? "UP" : "DOWN")
                  .put("nodeId", info.nodeId())
                  .put("mode", info.mode().sdkName())
                  .toBuffer());
    } else if (path.equals("/metrics") && read) {
      req.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .end(metrics.scrape());
    } else if (SearchApi.matches(path)) {
      search.handle(req);
    } else if (ActivityApi.matches(path)) {
      activity.handle(req);
    } else if (HttpGateway.matches(path) && req.method() != HttpMethod.OPTIONS) {
      gateway.handle(req);
    } else if (req.method() == HttpMethod.OPTIONS) {
      req.response()
          .setStatusCode(204)
          .putHeader("access-control-allow-origin", "*")
          .putHeader("access-control-allow-methods", "GET, HEAD, OPTIONS")
          .putHeader("access-control-allow-headers", "range, if-none-match")
          .end();
    } else {
      req.response().setStatusCode(404).end();
    }
  }
}
