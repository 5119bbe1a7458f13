package io.ddc.edge;

import io.ddc.crypto.Blake3RangeProof;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.cid.InvalidCidException;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validators' HTTP API (docs/spec/activity-api.md §6, §7): era listing, sealed aggregates,
 * records and Merkle challenges from the {@link ActivityLedger}, the piece list and authenticated
 * audit reads with BLAKE3 range proofs. File reads and proofs run on worker threads.
 */
final class ActivityApi {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityApi.class);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_AUDIT_BYTES = 1 << 20;

  private final Vertx vertx;
  private final ActivityLedger ledger;
  private final PieceStore store;
  private final BucketRegistry registry;
  private final AuditAuth auth;
  private final boolean losePieces;
  private final Supplier<Map<String, Long>> peerFaults;

  /**
   * @param peerFaults the peers this node caught serving bytes that do not hash to their CID, by
   *     node id (hex of the node key) with the number of such answers; an empty map standalone
   */
  ActivityApi(
      Vertx vertx,
      ActivityLedger ledger,
      PieceStore store,
      BucketRegistry registry,
      AuditAuth auth,
      boolean losePieces,
      Supplier<Map<String, Long>> peerFaults) {
    this.vertx = vertx;
    this.peerFaults = peerFaults;
    this.ledger = ledger;
    this.store = store;
    this.registry = registry;
    this.auth = auth;
    this.losePieces = losePieces;
  }

  static boolean matches(String path) {
    return path.startsWith("/activity/") || path.startsWith("/audit/");
  }

  void handle(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET) {
      req.response().setStatusCode(405).putHeader("allow", "GET").end();
      return;
    }
    Future<Object> answer;
    try {
      answer = route(req);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(
        ar -> {
          if (ar.succeeded()) {
            send(req, ar.result());
          } else {
            error(req, ar.cause());
          }
        });
  }

  private Future<Object> route(HttpServerRequest req) {
    String[] seg = req.path().substring(1).split("/", -1);
    if (seg[0].equals("audit") && seg.length == 3 && seg[1].equals("pieces")) {
      return auth.check(req).compose(v -> audit(req, seg[2]));
    }
    return switch (seg.length == 2 ? seg[1] : seg.length == 4 ? seg[1] + "/" + seg[3] : "") {
      case "eras" -> eras();
      case "nodes" -> sealed(era(req)).map(s -> new JsonArray().add(s.getJsonObject("node")));
      case "buckets" -> buckets(req);
      case "buckets/records" -> records(req, id(seg[2], "bucket id"));
      case "buckets/challenge" -> challenge(req, id(seg[2], "bucket id"));
      case "pieces" -> pieces(req);
      case "faults" -> Future.succeededFuture(faults());
      default -> Future.failedFuture(EdgeException.notFound("no such activity endpoint"));
    };
  }

  // ------------------------------------------------------------------ activity

  /** activity-api.md §6.8: the peers this node caught serving corrupt bytes, by node id. */
  private JsonArray faults() {
    JsonArray out = new JsonArray();
    new TreeMap<>(peerFaults.get())
        .forEach(
            (node, count) ->
                out.add(
                    new JsonObject().put("node_id", "0x" + node).put("corrupt_answers", count)));
    return out;
  }

  private Future<Object> eras() {
    JsonArray out = new JsonArray();
    long now = ledger.currentEra();
    for (long e = ledger.firstEra(); e <= now; e++) {
      out.add(
          new JsonObject()
              .put("id", e)
              .put("status", ledger.isSealed(e) ? "PROCESSED" : "OPEN")
              .put("time_start", ledger.eras().start(e))
              .put("time_end", ledger.eras().end(e))
              .put("records", ledger.records(e)));
    }
    return Future.succeededFuture(out);
  }

  private long era(HttpServerRequest req) {
    String v = req.getParam("eraId");
    if (v == null) {
      throw EdgeException.invalid("eraId is required");
    }
    long era = number(v, "eraId");
    if (!ledger.isSealed(era)) {
      if (era < ledger.firstEra() || era > ledger.currentEra()) {
        throw EdgeException.notFound("unknown era " + era);
      }
      throw EdgeException.precondition("era " + era + " is not processed yet");
    }
    return era;
  }

  private Future<JsonObject> sealed(long era) {
    return blocking(() -> ledger.summary(era));
  }

  private Future<Object> buckets(HttpServerRequest req) {
    long era = era(req);
    int limit = limit(req);
    long prev =
        req.getParam("prevToken") == null ? -1 : number(req.getParam("prevToken"), "prevToken");
    return sealed(era)
        .map(
            s -> {
              JsonArray out = new JsonArray();
              for (Object o : s.getJsonArray("buckets")) {
                JsonObject b = (JsonObject) o;
                if (b.getLong("bucket_id") > prev && out.size() < limit) {
                  out.add(b);
                }
              }
              return out;
            });
  }

  private Future<Object> records(HttpServerRequest req, long bucket) {
    long era = era(req);
    int limit = limit(req);
    long offset = req.getParam("offset") == null ? 0 : number(req.getParam("offset"), "offset");
    return blocking(() -> ledger.sealedEra(era))
        .map(
            s -> {
              List<ActivityLedger.Leaf> leaves = s.bucket(bucket);
              JsonArray records = new JsonArray();
              for (long i = offset; i < leaves.size() && i < offset + limit; i++) {
                records.add(leafJson(new JsonObject().put("leaf", i), leaves.get((int) i)));
              }
              return new JsonObject()
                  .put("era_id", era)
                  .put("bucket_id", bucket)
                  .put("leaves", leaves.size())
                  .put("merkle_root", root(leaves))
                  .put("records", records);
            });
  }

  private Future<Object> challenge(HttpServerRequest req, long bucket) {
    long era = era(req);
    String leafParam = req.getParam("leaf");
    if (leafParam == null) {
      throw EdgeException.invalid("leaf is required");
    }
    long leaf = number(leafParam, "leaf");
    return blocking(() -> ledger.sealedEra(era))
        .map(
            s -> {
              List<ActivityLedger.Leaf> leaves = s.bucket(bucket);
              if (leaf >= leaves.size()) {
                throw EdgeException.notFound(
                    "bucket " + bucket + " has " + leaves.size() + " leaves in era " + era);
              }
              List<byte[]> hashes = hashes(leaves);
              JsonArray path = new JsonArray();
              ActivityMerkle.path(hashes, (int) leaf).forEach(h -> path.add(ActivityLedger.hex(h)));
              JsonObject out =
                  new JsonObject()
                      .put("era_id", era)
                      .put("bucket_id", bucket)
                      .put("leaf", leaf)
                      .put("leaves", leaves.size());
              return leafJson(out, leaves.get((int) leaf))
                  .put("path", path)
                  .put("merkle_root", ActivityLedger.hex(ActivityMerkle.root(hashes)));
            });
  }

  private static JsonObject leafJson(JsonObject into, ActivityLedger.Leaf l) {
    return into.put("record", Base64.getEncoder().encodeToString(l.record()))
        .put("stored", l.usage().stored())
        .put("delivered", l.usage().delivered())
        .put("puts", l.usage().puts())
        .put("gets", l.usage().gets());
  }

  private static List<byte[]> hashes(List<ActivityLedger.Leaf> leaves) {
    List<byte[]> h = new ArrayList<>(leaves.size());
    leaves.forEach(l -> h.add(l.hash()));
    return h;
  }

  private static String root(List<ActivityLedger.Leaf> leaves) {
    return ActivityLedger.hex(ActivityMerkle.root(hashes(leaves)));
  }

  // ------------------------------------------------------------------ pieces and audits

  /**
   * Raw pieces held in every bucket the node knows: its activity (of the era, or all) and its
   * bucket registry (which also covers replicas of buckets never served through this node).
   */
  private Future<Object> pieces(HttpServerRequest req) {
    Future<Set<Long>> active;
    long before;
    if (req.getParam("eraId") != null) {
      long era = era(req);
      before = ledger.eras().end(era);
      active =
          sealed(era)
              .map(
                  s -> {
                    Set<Long> ids = new TreeSet<>();
                    s.getJsonArray("buckets")
                        .forEach(o -> ids.add(((JsonObject) o).getLong("bucket_id")));
                    return ids;
                  });
    } else {
      before = Long.MAX_VALUE;
      active = Future.succeededFuture(new TreeSet<>(ledger.knownBuckets()));
    }
    Future<List<Long>> buckets =
        active.compose(
            ids ->
                registry
                    .bucketIds()
                    .map(
                        listed -> {
                          Set<Long> all = new TreeSet<>(ids);
                          all.addAll(listed);
                          return List.copyOf(all);
                        }));
    String only = req.getParam("bucketId");
    long wanted = only == null ? -1 : number(only, "bucketId");
    return buckets.compose(
        ids -> {
          List<Future<List<PieceInfo>>> lists = new ArrayList<>();
          for (long id : ids) {
            if (wanted < 0 || id == wanted) {
              lists.add(BucketContent.here(store.list(id)));
            }
          }
          return Future.all(lists)
              .map(
                  all -> {
                    List<PieceInfo> pieces = new ArrayList<>();
                    for (int i = 0; i < lists.size(); i++) {
                      for (PieceInfo p : all.<List<PieceInfo>>resultAt(i)) {
                        if (p.cid().codec() == Cid.Codec.RAW
                            && p.storedAt().toEpochMilli() < before) {
                          pieces.add(p);
                        }
                      }
                    }
                    pieces.sort(
                        Comparator.comparingLong(PieceInfo::bucketId)
                            .thenComparing(p -> p.cid().toString()));
                    JsonArray out = new JsonArray();
                    for (PieceInfo p : pieces) {
                      out.add(
                          new JsonObject()
                              .put("cid", p.cid().toString())
                              .put("bucket_id", p.bucketId())
                              .put("size", p.size()));
                    }
                    return out;
                  });
        });
  }

  private Future<Object> audit(HttpServerRequest req, String cidText) {
    Cid cid;
    try {
      cid = Cid.parse(cidText);
    } catch (InvalidCidException e) {
      throw EdgeException.invalid("not a CID: " + cidText);
    }
    if (cid.codec() != Cid.Codec.RAW) {
      throw EdgeException.invalid("only raw pieces are audited");
    }
    long offset = number(required(req, "offset"), "offset");
    long length = number(required(req, "length"), "length");
    if (length < 1 || length > MAX_AUDIT_BYTES) {
      throw EdgeException.invalid("length must be 1 … " + MAX_AUDIT_BYTES);
    }
    if (losePieces) {
      // FAULT INJECTION (fault.lose-pieces): answer as a node whose disk lost the data
      return Future.failedFuture(EdgeException.notFound("piece " + cid + " is not held here"));
    }
    return BucketContent.here(store.open(cid))
        .recover(
            t -> Future.failedFuture(EdgeException.notFound("piece " + cid + " is not held here")))
        .compose(region -> blocking(() -> prove(region, cid, offset, length)));
  }

  private static JsonObject prove(PieceRegion region, Cid cid, long offset, long length) {
    try (region) {
      long size = region.size();
      if (offset < 0 || offset > size - length) {
        throw EdgeException.invalid(
            "range " + offset + " +" + length + " is outside the piece (" + size + " bytes)");
      }
      Blake3RangeProof.Reader reader = (off, len) -> read(region, off, len);
      List<byte[]> proof = Blake3RangeProof.prove(reader, size, offset, length);
      Blake3RangeProof.Covered c = Blake3RangeProof.covered(size, offset, length);
      JsonArray p = new JsonArray();
      proof.forEach(x -> p.add(ActivityLedger.hex(x)));
      return new JsonObject()
          .put("cid", cid.toString())
          .put("size", size)
          .put("offset", offset)
          .put("length", length)
          .put("chunk_start", c.start())
          .put(
              "data", Base64.getEncoder().encodeToString(read(region, c.start(), (int) c.length())))
          .put("proof", p);
    }
  }

  private static byte[] read(PieceRegion region, long offset, int length) {
    try {
      ByteBuffer b = region.read(offset, length).join();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  // ------------------------------------------------------------------ plumbing

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(
        () -> {
          try {
            return work.call();
          } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        },
        false);
  }

  private void send(HttpServerRequest req, Object body) {
    String payload = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
    String out = payload;
    if ("true".equalsIgnoreCase(req.getParam("sign"))) {
      byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
      Base64.Encoder b64 = Base64.getEncoder();
      out =
          "{\"payload\":"
              + payload
              + ",\"signer\":\""
              + b64.encodeToString(ledger.nodeKey().publicKey())
              + "\",\"signature\":\""
              + b64.encodeToString(ledger.nodeKey().sign(bytes))
              + "\"}";
    }
    req.response()
        .putHeader("content-type", "application/json")
        .end(Buffer.buffer(out.getBytes(StandardCharsets.UTF_8)));
  }

  private static void error(HttpServerRequest req, Throwable t) {
    StatusMapping.Status s = StatusMapping.of(t);
    if (s.http() >= 500) {
      LOG.warn("{} failed: {}", req.uri(), t.toString(), t);
    }
    req.response()
        .setStatusCode(s.http())
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", s.message()).encode());
  }

  private static String required(HttpServerRequest req, String name) {
    String v = req.getParam(name);
    if (v == null) {
      throw EdgeException.invalid(name + " is required");
    }
    return v;
  }

  private static int limit(HttpServerRequest req) {
    String v = req.getParam("limit");
    long l = v == null ? DEFAULT_LIMIT : number(v, "limit");
    if (l < 1 || l > MAX_LIMIT) {
      throw EdgeException.invalid("limit must be 1 … " + MAX_LIMIT);
    }
    return (int) l;
  }

  private static long id(String v, String name) {
    return number(v, name);
  }

  private static long number(String v, String name) {
    try {
      long n = Long.parseLong(v.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw EdgeException.invalid(name + " must be a non-negative integer, '" + v + "' given");
    }
  }
}
