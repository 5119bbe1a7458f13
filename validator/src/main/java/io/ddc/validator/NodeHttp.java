package io.ddc.validator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.Map;

/**
 * GET requests to one node's HTTP port with the timeout and attempts of {@link ValidatorOptions}
 * (chain.md §4.1: HTTP ≥ 500 and transport errors are retried; other non-200 answers are final).
 * Completes on the caller's context.
 */
final class NodeHttp {
  private final Vertx vertx;
  private final HttpClient http;
  private final ValidatorOptions options;

  NodeHttp(Vertx vertx, HttpClient http, ValidatorOptions options) {
    this.vertx = vertx;
    this.http = http;
    this.options = options;
  }

  /** The body of a 200 answer to {@code GET base + pathAndQuery}. */
  Future<Buffer> get(String base, String pathAndQuery, Map<String, String> headers) {
    Promise<Buffer> p = Promise.promise();
    attempt(base, pathAndQuery, headers, 1, p);
    return p.future();
  }

  /** The parsed JSON (object or array) of a 200 answer. */
  Future<Object> getJson(String base, String pathAndQuery) {
    return get(base, pathAndQuery, Map.of())
        .compose(
            b -> {
              try {
                return Future.succeededFuture(Json.decodeValue(b));
              } catch (DecodeException e) {
                return Future.failedFuture(
                    new NodeActivityException(base, pathAndQuery + " is not JSON", e));
              }
            });
  }

  private void attempt(
      String base, String pathAndQuery, Map<String, String> headers, int n, Promise<Buffer> p) {
    RequestOptions ro =
        new RequestOptions()
            .setAbsoluteURI(base + pathAndQuery)
            .setMethod(HttpMethod.GET)
            .setIdleTimeout(options.httpTimeout().toMillis())
            .setConnectTimeout(options.httpTimeout().toMillis());
    headers.forEach(ro::addHeader);
    http.request(ro)
        .compose(req -> req.send())
        .compose(
            resp ->
                resp.body()
                    .map(
                        body -> {
                          if (resp.statusCode() == 200) {
                            return body;
                          }
                          throw new StatusException(resp.statusCode(), body.toString());
                        }))
        .onSuccess(p::complete)
        .onFailure(
            e -> {
              boolean retry = !(e instanceof StatusException s) || s.status >= 500;
              if (retry && n < options.httpAttempts()) {
                vertx.setTimer(200L * n, t -> attempt(base, pathAndQuery, headers, n + 1, p));
              } else {
                p.fail(
                    new NodeActivityException(
                        base,
                        "GET "
                            + pathAndQuery
                            + " failed after "
                            + n
                            + " attempt(s): "
                            + e.getMessage(),
                        e));
              }
            });
  }

  /** A non-200 answer. */
  static final class StatusException extends RuntimeException {
    final int status;

    StatusException(int status, String body) {
      super("HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
      this.status = status;
    }

    private static String abbreviate(String s) {
      return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
  }
}
