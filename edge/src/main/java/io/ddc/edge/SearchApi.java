package io.ddc.edge;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /search/{bucketId}?tag=k=v[&tag=…][&limit=N][&cursor=C]} on the HTTP port
 * (docs/spec/search.md §3): the DAG nodes this node holds in the bucket that carry every given tag,
 * with their tags and links, a page at a time. Authorized like a DAG read: a public bucket, or a
 * token with GET rights in {@code ?token=} or {@code Authorization: Bearer}.
 */
final class SearchApi {
  static final String PREFIX = "/search/";

  /** Results per page when {@code limit} is not given. */
  static final int DEFAULT_LIMIT = 100;

  /** Largest accepted {@code limit}. */
  static final int MAX_LIMIT = 1000;

  /** Largest number of {@code tag} parameters in one query. */
  static final int MAX_TAGS = 16;

  private final io.vertx.core.Vertx vertx;
  private final NodeApi api;
  private final TagIndexedStore store;

  SearchApi(io.vertx.core.Vertx vertx, NodeApi api, TagIndexedStore store) {
    this.vertx = vertx;
    this.api = api;
    this.store = store;
  }

  static boolean matches(String path) {
    return path.startsWith(PREFIX);
  }

  /** A parsed query. */
  record Query(long bucket, List<TagIndex.Pair> tags, int limit, byte[] cursor) {}

  /** Parses the path and parameters; {@link EdgeException} (400) names what is wrong. */
  static Query parse(String path, List<String> tags, String limit, String cursor) {
    String id = path.substring(PREFIX.length());
    if (!id.matches("\\d{1,19}")) {
      throw EdgeException.invalid("search path is /search/{bucketId}, '" + path + "' given");
    }
    long bucket;
    try {
      bucket = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw EdgeException.invalid("bucket id out of range: " + id);
    }
    if (tags.isEmpty()) {
      throw EdgeException.invalid("a search needs at least one tag=key=value parameter");
    }
    if (tags.size() > MAX_TAGS) {
      throw EdgeException.invalid("at most " + MAX_TAGS + " tags, " + tags.size() + " given");
    }
    List<TagIndex.Pair> pairs = new ArrayList<>();
    for (String t : tags) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw EdgeException.invalid(
            "a tag parameter is key=value with a non-empty key, '" + t + "' given");
      }
      pairs.add(new TagIndex.Pair(t.substring(0, eq), t.substring(eq + 1)));
    }
    int n = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_LIMIT) {
        throw EdgeException.invalid("limit is 1.." + MAX_LIMIT + ", '" + limit + "' given");
      }
    }
    byte[] after = null;
    if (cursor != null) {
      if (!cursor.matches("[0-9a-f]{64}")) {
        throw EdgeException.invalid(
            "cursor is the 'next' value of a previous page, '" + cursor + "' given");
      }
      after = HexFormat.of().parseHex(cursor);
    }
    return new Query(bucket, List.copyOf(pairs), n, after);
  }

  /** The token of a request: {@code ?token=}, else {@code Authorization: Bearer …}, else null. */
  static String token(HttpServerRequest req) {
    String t = req.getParam("token");
    if (t != null) {
      return t;
    }
    String auth = req.getHeader("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return null;
  }

  void handle(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    resp.putHeader("access-control-allow-origin", "*").putHeader("cache-control", "no-store");
    if (req.method() != HttpMethod.GET) {
      resp.setStatusCode(405).putHeader("allow", "GET").end();
      return;
    }
    Query q;
    try {
      q =
          parse(
              req.path(),
              req.params().getAll("tag"),
              req.getParam("limit"),
              req.getParam("cursor"));
    } catch (EdgeException e) {
      error(resp, StatusMapping.of(e));
      return;
    }
    api.authorized(token(req), q.bucket(), Operation.GET, null)
        .compose(b -> page(q))
        .onSuccess(body -> resp.putHeader("content-type", "application/json").end(body.toBuffer()))
        .onFailure(t -> error(resp, StatusMapping.of(t)));
  }

  /**
   * One page: index candidates (intersected on a worker: a sparse intersection may walk a large
   * set), each checked against and described from the local store.
   */
  private Future<JsonObject> page(Query q) {
    return vertx
        .executeBlocking(
            () -> store.index().find(q.bucket(), q.tags(), q.cursor(), q.limit()), false)
        .compose(candidates -> describe(q, candidates));
  }

  private Future<JsonObject> describe(Query q, TagIndex.Page candidates) {
    List<Future<Optional<Node>>> nodes = new ArrayList<>();
    for (byte[] d : candidates.digests()) {
      nodes.add(BucketContent.here(store.localDag(q.bucket(), d)));
    }
    return Future.all(nodes)
        .map(
            all -> {
              JsonArray results = new JsonArray();
              for (int i = 0; i < nodes.size(); i++) {
                Optional<Node> n = nodes.get(i).result();
                if (n.isPresent()) {
                  results.add(
                      result(Cid.of(Cid.Codec.DAG_NODE, candidates.digests().get(i)), n.get()));
                }
              }
              JsonObject body =
                  new JsonObject().put("bucketId", q.bucket()).put("results", results);
              if (candidates.more()) {
                byte[] last = candidates.digests().get(candidates.digests().size() - 1);
                body.put("next", HexFormat.of().formatHex(last));
              }
              return body;
            });
  }

  static JsonObject result(Cid cid, Node node) {
    JsonArray tags = new JsonArray();
    for (Tag t : node.getTagsList()) {
      tags.add(new JsonObject().put("key", t.getKey()).put("value", t.getValue()));
    }
    JsonArray links = new JsonArray();
    for (Link l : node.getLinksList()) {
      JsonObject link = new JsonObject().put("name", l.getName()).put("size", l.getSize());
      try {
        link.put("cid", Cid.fromBytes(l.getCid().toByteArray()).toString());
      } catch (IllegalArgumentException e) {
        link.putNull("cid");
      }
      links.add(link);
    }
    return new JsonObject().put("cid", cid.toString()).put("tags", tags).put("links", links);
  }

  private static void error(HttpServerResponse resp, StatusMapping.Status s) {
    resp.setStatusCode(s.http())
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", s.message()).toBuffer());
  }
}
