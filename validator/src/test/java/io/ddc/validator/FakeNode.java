package io.ddc.validator;

import io.ddc.crypto.Blake3RangeProof;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A node's activity API (activity-api.md §6, §7) over data the test sets: sealed eras, records with
 * the usage the node claims for them, and pieces. Claims are whatever the test says, so a test can
 * make the node lie.
 */
final class FakeNode implements AutoCloseable {
  record Rec(byte[] bytes, long stored, long delivered, long puts, long gets) {}

  record Piece(Cid cid, long bucket, byte[] content) {}

  final List<long[]> eras = new ArrayList<>(); // {id, start, end}

  /** era → bucket → records. */
  final Map<Long, Map<Long, List<Rec>>> records = new TreeMap<>();

  /** era → bucket → claimed opening bytes. */
  final Map<Long, Map<Long, Long>> openings = new TreeMap<>();

  final List<Piece> pieces = new ArrayList<>();
  volatile boolean losePieces;
  volatile int auditReads;

  /** What {@code GET /activity/faults} answers: node key hex → corrupt answers seen. */
  final Map<String, Long> peerFaults = new java.util.concurrent.ConcurrentHashMap<>();

  private final HttpServer server;

  FakeNode(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle);
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  void era(long id, long seconds) {
    eras.add(new long[] {id, id * seconds * 1000, (id + 1) * seconds * 1000});
  }

  void add(long era, long bucket, Rec r) {
    records
        .computeIfAbsent(era, e -> new TreeMap<>())
        .computeIfAbsent(bucket, b -> new ArrayList<>())
        .add(r);
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    try {
      if (path.equals("/activity/eras")) {
        JsonArray a = new JsonArray();
        for (long[] e : eras) {
          a.add(
              new JsonObject()
                  .put("id", e[0])
                  .put("status", "PROCESSED")
                  .put("time_start", e[1])
                  .put("time_end", e[2])
                  .put("records", 0));
        }
        req.response().end(a.encode());
      } else if (path.equals("/activity/buckets")) {
        long era = Long.parseLong(req.getParam("eraId"));
        long prev = Long.parseLong(req.getParam("prevToken", "-1"));
        TreeMap<Long, JsonObject> out = new TreeMap<>();
        openings
            .getOrDefault(era, Map.of())
            .forEach((b, o) -> out.put(b, aggregate(b, o, List.of())));
        records
            .getOrDefault(era, Map.of())
            .forEach(
                (b, rs) ->
                    out.put(
                        b,
                        aggregate(
                            b, openings.getOrDefault(era, Map.of()).getOrDefault(b, 0L), rs)));
        JsonArray a = new JsonArray();
        out.tailMap(prev, false).values().forEach(a::add);
        req.response().end(a.encode());
      } else if (path.startsWith("/activity/buckets/") && path.endsWith("/records")) {
        long bucket = Long.parseLong(path.split("/")[3]);
        long era = Long.parseLong(req.getParam("eraId"));
        int offset = Integer.parseInt(req.getParam("offset", "0"));
        int limit = Integer.parseInt(req.getParam("limit", "100"));
        List<Rec> rs = records.getOrDefault(era, Map.of()).getOrDefault(bucket, List.of());
        JsonArray page = new JsonArray();
        for (int i = offset; i < Math.min(rs.size(), offset + limit); i++) {
          Rec r = rs.get(i);
          page.add(
              new JsonObject()
                  .put("leaf", i)
                  .put("record", Base64.getEncoder().encodeToString(r.bytes()))
                  .put("stored", r.stored())
                  .put("delivered", r.delivered())
                  .put("puts", r.puts())
                  .put("gets", r.gets()));
        }
        req.response()
            .end(
                new JsonObject()
                    .put("era_id", era)
                    .put("bucket_id", bucket)
                    .put("leaves", rs.size())
                    .put("records", page)
                    .encode());
      } else if (path.equals("/activity/faults")) {
        JsonArray a = new JsonArray();
        new TreeMap<>(peerFaults)
            .forEach(
                (node, n) ->
                    a.add(new JsonObject().put("node_id", "0x" + node).put("corrupt_answers", n)));
        req.response().end(a.encode());
      } else if (path.equals("/activity/pieces")) {
        JsonArray a = new JsonArray();
        for (Piece p : pieces) {
          a.add(
              new JsonObject()
                  .put("cid", p.cid().toString())
                  .put("bucket_id", p.bucket())
                  .put("size", p.content().length));
        }
        req.response().end(a.encode());
      } else if (path.startsWith("/audit/pieces/")) {
        auditReads++;
        if (req.getHeader("X-DDC-Signature") == null) {
          req.response().setStatusCode(401).end();
          return;
        }
        String cid = path.substring("/audit/pieces/".length());
        Piece p =
            pieces.stream().filter(x -> x.cid().toString().equals(cid)).findFirst().orElse(null);
        if (p == null || losePieces) {
          req.response().setStatusCode(404).end("{\"error\":\"no such piece\"}");
          return;
        }
        long off = Long.parseLong(req.getParam("offset"));
        long len = Long.parseLong(req.getParam("length"));
        byte[] c = p.content();
        Blake3RangeProof.Covered cov = Blake3RangeProof.covered(c.length, off, len);
        List<byte[]> proof =
            Blake3RangeProof.prove(
                (o, l) -> Arrays.copyOfRange(c, (int) o, (int) o + l), c.length, off, len);
        JsonArray pr = new JsonArray();
        proof.forEach(h -> pr.add("0x" + HexFormat.of().formatHex(h)));
        req.response()
            .end(
                new JsonObject()
                    .put("cid", cid)
                    .put("size", c.length)
                    .put("offset", off)
                    .put("length", len)
                    .put("chunk_start", cov.start())
                    .put(
                        "data",
                        Base64.getEncoder()
                            .encodeToString(
                                Arrays.copyOfRange(
                                    c, (int) cov.start(), (int) (cov.start() + cov.length()))))
                    .put("proof", pr)
                    .encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    } catch (RuntimeException e) {
      req.response().setStatusCode(500).end(e.toString());
    }
  }

  private static JsonObject aggregate(long bucket, long opening, List<Rec> rs) {
    long stored = opening;
    long delivered = 0;
    long puts = 0;
    long gets = 0;
    for (Rec r : rs) {
      stored += r.stored();
      delivered += r.delivered();
      puts += r.puts();
      gets += r.gets();
    }
    return new JsonObject()
        .put("bucket_id", bucket)
        .put("customer_id", "0x" + "00".repeat(32))
        .put("stored_bytes", stored)
        .put("transferred_bytes", delivered)
        .put("number_of_puts", puts)
        .put("number_of_gets", gets)
        .put("records", rs.size())
        .put("opening_stored_bytes", opening);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
