package io.ddc.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Reads through a node's HTTP CDN gateway: {@code GET /{bucket}/{cid}} with an optional {@code
 * Range} header, over HTTP/1.1 keep-alive (or h2c). Writes are not part of the gateway; pair it
 * with a gRPC target for preloading.
 */
public final class HttpGatewayTarget implements Target {
  private final HttpClient client;
  private final URI base;
  private final String token;

  /**
   * A target for {@code baseUrl} ({@code http://host:port}) with at most {@code connections}
   * connections; {@code token} is appended as {@code ?token=} when not null (private buckets).
   */
  public HttpGatewayTarget(
      Vertx vertx,
      String baseUrl,
      int connections,
      boolean http2,
      String token,
      long timeoutMillis) {
    this.base = URI.create(baseUrl);
    if (base.getHost() == null || base.getPort() <= 0) {
      throw new IllegalArgumentException("target URL needs a host and a port: " + baseUrl);
    }
    this.token = token;
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(base.getHost())
            .setDefaultPort(base.getPort())
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .setIdleTimeout((int) TimeUnit.MILLISECONDS.toSeconds(Math.max(1000, timeoutMillis)))
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (http2) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    }
    this.client =
        vertx.createHttpClient(
            options,
            new PoolOptions()
                .setHttp1MaxSize(connections)
                .setHttp2MaxSize(Math.max(1, connections / 8)));
  }

  @Override
  public String describe() {
    return "http-gateway " + base;
  }

  @Override
  public boolean canPut() {
    return false;
  }

  @Override
  public Future<ObjectRef> put(long bucket, long seed, Buffer content) {
    return Future.failedFuture(
        new UnsupportedOperationException("the HTTP gateway is read-only; preload through gRPC"));
  }

  @Override
  public Future<Outcome> get(ObjectRef ref, long rangeStart, long rangeEnd, BodySink sink) {
    String path = "/" + Long.toUnsignedString(ref.bucket()) + "/" + ref.cid();
    if (token != null) {
      path += "?token=" + token;
    }
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setURI(path);
    if (rangeStart >= 0) {
      ro.putHeader("Range", "bytes=" + rangeStart + "-" + rangeEnd);
    }
    Promise<Outcome> done = Promise.promise();
    client
        .request(ro)
        .compose(req -> req.send())
        .onFailure(
            e -> done.tryComplete(new Outcome(false, "io:" + e.getClass().getSimpleName(), 0)))
        .onSuccess(
            resp -> {
              int code = resp.statusCode();
              boolean ok = rangeStart >= 0 ? code == 206 : code == 200;
              long[] bytes = {0};
              resp.handler(
                  b -> {
                    bytes[0] += b.length();
                    if (ok) {
                      sink.chunk(b);
                    }
                  });
              resp.exceptionHandler(
                  e ->
                      done.tryComplete(
                          new Outcome(false, "io:" + e.getClass().getSimpleName(), bytes[0])));
              resp.endHandler(
                  v -> done.tryComplete(new Outcome(ok, Integer.toString(code), bytes[0])));
            });
    return done.future();
  }

  /** The size of a stored object, from a {@code HEAD} request's {@code Content-Length}. */
  public Future<ObjectRef> describe(long bucket, io.ddc.protocol.cid.Cid cid) {
    String path =
        "/" + Long.toUnsignedString(bucket) + "/" + cid + (token != null ? "?token=" + token : "");
    return client
        .request(new RequestOptions().setMethod(HttpMethod.HEAD).setURI(path))
        .compose(req -> req.send())
        .compose(
            resp -> {
              String len = resp.getHeader("Content-Length");
              if (resp.statusCode() != 200 || len == null) {
                return Future.failedFuture(
                    new IllegalArgumentException(
                        "HEAD "
                            + path
                            + " answered "
                            + resp.statusCode()
                            + "; is the CID stored in bucket "
                            + bucket
                            + "?"));
              }
              return Future.succeededFuture(new ObjectRef(bucket, cid, Long.parseLong(len), -1));
            });
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
