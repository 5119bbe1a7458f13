package io.ddc.client;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asks every node's {@code /search/{bucket}} (docs/spec/search.md §3), follows each node's pages to
 * the end and merges the hits by CID (§4). A node that cannot be reached is skipped and reported; a
 * deterministic refusal (4xx) ends the search with it.
 */
final class TagSearch {
  /** Page size asked of every node (the API's maximum). */
  static final int PAGE = 1000;

  private final Vertx vertx;
  private final HttpClient http;
  private final List<String> nodes;
  private final String token;
  private final Duration timeout;

  TagSearch(Vertx vertx, HttpClient http, List<String> nodes, String token, Duration timeout) {
    this.vertx = vertx;
    this.http = http;
    this.nodes = nodes;
    this.token = token;
    this.timeout = timeout;
  }

  /** The query string of one page (without {@code ?}). */
  static String query(Map<String, String> tags, String cursor) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> t : tags.entrySet()) {
      q.append("tag=")
          .append(URLEncoder.encode(t.getKey() + "=" + t.getValue(), StandardCharsets.UTF_8))
          .append('&');
    }
    q.append("limit=").append(PAGE);
    if (cursor != null) {
      q.append("&cursor=").append(cursor);
    }
    return q.toString();
  }

  /**
   * Runs the search on a Vert.x context: from a plain thread the calls are issued from one, since a
   * Vert.x 5.0.7 HttpClient driven from a plain thread can lose answers (decision 0055).
   */
  Future<SearchResult> run(long bucket, Map<String, String> tags) {
    if (Vertx.currentContext() != null) {
      return search(bucket, tags);
    }
    Promise<SearchResult> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> search(bucket, tags).onComplete(result));
    return result.future();
  }

  private Future<SearchResult> search(long bucket, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("a search needs at least one tag"));
    }
    if (nodes.isEmpty()) {
      return Future.failedFuture(
          new SearchException(0, "no node to search: set DdcClientOptions.httpNodes"));
    }
    Map<String, SearchResult.Hit> merged = new TreeMap<>();
    List<String> unreachable = new ArrayList<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (String node : nodes) {
      asks.add(
          pages(node, bucket, tags, null, merged)
              .recover(
                  e -> {
                    if (e instanceof SearchException s && s.status() != 0) {
                      return Future.failedFuture(e);
                    }
                    synchronized (unreachable) {
                      unreachable.add(node + " (" + e.getMessage() + ")");
                    }
                    return Future.succeededFuture();
                  }));
    }
    return Future.all(asks)
        .compose(
            v -> {
              if (unreachable.size() == nodes.size()) {
                return Future.failedFuture(
                    new SearchException(0, "no node answered the search: " + unreachable));
              }
              synchronized (merged) {
                return Future.succeededFuture(
                    new SearchResult(new ArrayList<>(merged.values()), unreachable));
              }
            });
  }

  private Future<Void> pages(
      String node,
      long bucket,
      Map<String, String> tags,
      String cursor,
      Map<String, SearchResult.Hit> merged) {
    RequestOptions ro =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(
                node.replaceAll("/+$", "") + "/search/" + bucket + "?" + query(tags, cursor))
            .setConnectTimeout(timeout.toMillis())
            .setIdleTimeout(timeout.toMillis());
    if (token != null) {
      ro.putHeader("authorization", "Bearer " + token);
    }
    return http.request(ro)
        .compose(r -> r.send())
        .compose(
            resp ->
                resp.body()
                    .compose(
                        body -> {
                          int s = resp.statusCode();
                          if (s >= 400 && s < 500) {
                            return Future.failedFuture(
                                new SearchException(
                                    s, node + " refused the search: " + error(body.toString())));
                          }
                          if (s != 200) {
                            return Future.failedFuture(
                                new DdcClientException(node + " answered " + s));
                          }
                          JsonObject page = body.toJsonObject();
                          synchronized (merged) {
                            for (Object o : page.getJsonArray("results")) {
                              SearchResult.Hit h = hit((JsonObject) o);
                              merged.putIfAbsent(h.cid().toString(), h);
                            }
                          }
                          String next = page.getString("next");
                          return next == null
                              ? Future.<Void>succeededFuture()
                              : pages(node, bucket, tags, next, merged);
                        }));
  }

  private static String error(String body) {
    try {
      return new JsonObject(body).getString("error", body.strip());
    } catch (RuntimeException e) {
      return body.strip();
    }
  }

  static SearchResult.Hit hit(JsonObject o) {
    List<Tag> tags = new ArrayList<>();
    for (Object t : o.getJsonArray("tags")) {
      JsonObject j = (JsonObject) t;
      tags.add(Tag.newBuilder().setKey(j.getString("key")).setValue(j.getString("value")).build());
    }
    List<Link> links = new ArrayList<>();
    for (Object l : o.getJsonArray("links")) {
      JsonObject j = (JsonObject) l;
      Link.Builder b = Link.newBuilder().setName(j.getString("name")).setSize(j.getLong("size"));
      if (j.getString("cid") != null) {
        b.setCid(ByteString.copyFrom(Cid.parse(j.getString("cid")).toBytes()));
      }
      links.add(b.build());
    }
    return new SearchResult.Hit(Cid.parse(o.getString("cid")), tags, links);
  }
}
