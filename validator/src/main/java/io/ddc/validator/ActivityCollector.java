package io.ddc.validator;

import io.ddc.pallets.payouts.Usage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches and verifies the nodes' activity (activity-api.md §6.1, §6.3, §6.4). A node's stored
 * bytes carry over from era to era, so an era is verified only after all the node's earlier eras;
 * the verified closing bytes are kept per node, which makes a long-running validator's work per era
 * proportional to that era's records. Must be used from one Vert.x context.
 */
final class ActivityCollector {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityCollector.class);
  static final int PAGE = 1000;

  /** One era as a node lists it. */
  record EraInfo(long id, boolean processed, long timeStart, long timeEnd) {}

  private final Vertx vertx;
  private final NodeHttp http;
  private final Map<AccountId, TreeMap<Long, SortedMap<Long, Long>>> closings = new HashMap<>();

  ActivityCollector(Vertx vertx, NodeHttp http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** The node's eras, ascending. */
  Future<List<EraInfo>> eras(NodeEndpoint n) {
    return http.getJson(n.httpBase(), "/activity/eras")
        .map(
            body -> {
              List<EraInfo> out = new ArrayList<>();
              for (Object o : array(n, body)) {
                JsonObject e = (JsonObject) o;
                out.add(
                    new EraInfo(
                        e.getLong("id"),
                        "PROCESSED".equals(e.getString("status")),
                        e.getLong("time_start"),
                        e.getLong("time_end")));
              }
              return out;
            });
  }

  /**
   * The node's verified era {@code era}; its earlier processed eras in {@code eras} are verified
   * first if this collector has not seen them.
   */
  Future<NodeEra> collect(NodeEndpoint n, List<EraInfo> eras, long era) {
    EraInfo target = null;
    List<EraInfo> before = new ArrayList<>();
    TreeMap<Long, SortedMap<Long, Long>> known =
        closings.computeIfAbsent(n.nodeKey(), k -> new TreeMap<>());
    for (EraInfo e : eras) {
      if (e.id() == era) {
        target = e;
      } else if (e.id() < era && e.processed() && !known.containsKey(e.id())) {
        before.add(e);
      }
    }
    if (target == null || !target.processed()) {
      return Future.failedFuture(
          new NodeActivityException(n.httpBase(), "era " + era + " is not processed"));
    }
    Future<NodeEra> chain = Future.succeededFuture();
    for (EraInfo e : before) {
      chain = chain.compose(x -> verifyEra(n, e));
    }
    EraInfo t = target;
    return chain.compose(x -> verifyEra(n, t));
  }

  private Future<NodeEra> verifyEra(NodeEndpoint n, EraInfo e) {
    TreeMap<Long, SortedMap<Long, Long>> known = closings.get(n.nodeKey());
    Map.Entry<Long, SortedMap<Long, Long>> prev = known.lowerEntry(e.id());
    SortedMap<Long, Long> opening = prev == null ? new TreeMap<>() : prev.getValue();
    return buckets(n, e.id(), -1, new ArrayList<>())
        .compose(
            aggregates -> {
              Future<Void> all = Future.succeededFuture();
              Map<Long, List<JsonObject>> records = new HashMap<>();
              for (JsonObject a : aggregates) {
                long b = a.getLong("bucket_id");
                if (a.getLong("records", 0L) > 0) {
                  all =
                      all.compose(x -> records(n, e.id(), b, 0, new ArrayList<>()))
                          .map(
                              list -> {
                                records.put(b, list);
                                return null;
                              });
                }
              }
              return all.compose(
                  x ->
                      vertx.executeBlocking(
                          () -> verify(n, e, opening, aggregates, records), false));
            })
        .map(
            ne -> {
              known.put(e.id(), ne.closing());
              return ne;
            });
  }

  /** Verifies the records and builds the era; runs on a worker thread (signature checks). */
  private static NodeEra verify(
      NodeEndpoint n,
      EraInfo e,
      SortedMap<Long, Long> opening,
      List<JsonObject> aggregates,
      Map<Long, List<JsonObject>> records) {
    SortedMap<Long, Usage> usage = new TreeMap<>();
    SortedMap<Long, Long> closing = new TreeMap<>(opening);
    Map<RecordVerifier.Rejection, Integer> rejected = new EnumMap<>(RecordVerifier.Rejection.class);
    int discarded = 0;
    byte[] nodeKey = n.nodeKey().bytes();
    for (Map.Entry<Long, List<JsonObject>> br : records.entrySet()) {
      long bucket = br.getKey();
      Set<String> seen = new HashSet<>();
      long stored = 0;
      long delivered = 0;
      long puts = 0;
      long gets = 0;
      long added = 0;
      for (JsonObject rec : br.getValue()) {
        byte[] bytes = Base64.getDecoder().decode(rec.getString("record"));
        RecordVerifier.Outcome o =
            RecordVerifier.verify(bytes, nodeKey, bucket, e.timeStart(), e.timeEnd());
        if (o.rejection() != null) {
          rejected.merge(o.rejection(), 1, Integer::sum);
          continue;
        }
        RecordVerifier.Verified v = o.verified();
        if (!seen.add(v.requestId())) {
          LOG.warn(
              "{}: request {} recorded twice in bucket {}", n.httpBase(), v.requestId(), bucket);
          continue;
        }
        stored += v.stored();
        delivered += v.delivered();
        puts += v.puts();
        gets += v.gets();
        added += v.storedSize();
      }
      long open = opening.getOrDefault(bucket, 0L);
      usage.put(bucket, new Usage(delivered, open + stored, puts, gets));
      closing.put(bucket, open + added);
    }
    // Buckets without records in the era still hold their opening bytes for the whole era.
    for (Map.Entry<Long, Long> o : opening.entrySet()) {
      usage.putIfAbsent(o.getKey(), new Usage(0, o.getValue(), 0, 0));
    }
    for (JsonObject a : aggregates) {
      Usage mine = usage.getOrDefault(a.getLong("bucket_id"), Usage.ZERO);
      Usage claimed =
          new Usage(
              a.getLong("transferred_bytes", 0L),
              a.getLong("stored_bytes", 0L),
              a.getLong("number_of_puts", 0L),
              a.getLong("number_of_gets", 0L));
      if (!claimed.equals(mine)) {
        discarded++;
        LOG.warn(
            "{}: era {} bucket {}: claimed {} but its records prove {}; paying what they prove",
            n.httpBase(),
            e.id(),
            a.getLong("bucket_id"),
            claimed,
            mine);
      }
    }
    usage.values().removeIf(u -> u.equals(Usage.ZERO));
    return new NodeEra(e.id(), e.timeStart(), e.timeEnd(), usage, closing, rejected, discarded);
  }

  private Future<List<JsonObject>> buckets(
      NodeEndpoint n, long era, long prevToken, List<JsonObject> acc) {
    String q =
        "/activity/buckets?eraId="
            + era
            + "&limit="
            + PAGE
            + (prevToken >= 0 ? "&prevToken=" + prevToken : "");
    return http.getJson(n.httpBase(), q)
        .compose(
            body -> {
              JsonArray page = array(n, body);
              long last = prevToken;
              for (Object o : page) {
                acc.add((JsonObject) o);
                last = ((JsonObject) o).getLong("bucket_id");
              }
              return page.isEmpty() || page.size() < PAGE
                  ? Future.succeededFuture(acc)
                  : buckets(n, era, last, acc);
            });
  }

  private Future<List<JsonObject>> records(
      NodeEndpoint n, long era, long bucket, int offset, List<JsonObject> acc) {
    String q =
        "/activity/buckets/"
            + bucket
            + "/records?eraId="
            + era
            + "&offset="
            + offset
            + "&limit="
            + PAGE;
    return http.getJson(n.httpBase(), q)
        .compose(
            body -> {
              if (!(body instanceof JsonObject o) || o.getJsonArray("records") == null) {
                return Future.failedFuture(
                    new NodeActivityException(n.httpBase(), q + ": no records array"));
              }
              JsonArray page = o.getJsonArray("records");
              page.forEach(r -> acc.add((JsonObject) r));
              long leaves = o.getLong("leaves", 0L);
              return page.isEmpty() || offset + page.size() >= leaves
                  ? Future.succeededFuture(acc)
                  : records(n, era, bucket, offset + page.size(), acc);
            });
  }

  private static JsonArray array(NodeEndpoint n, Object body) {
    if (body instanceof JsonArray a) {
      return a;
    }
    throw new NodeActivityException(n.httpBase(), "expected a JSON array");
  }
}
