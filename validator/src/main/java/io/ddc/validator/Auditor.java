package io.ddc.validator;

import io.ddc.chain.client.Signer;
import io.ddc.crypto.Blake3RangeProof;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Storage audits (activity-api.md §6.6, §7): challenges random byte ranges of random raw pieces a
 * node claims to hold and checks the answer's BLAKE3 range proof against the piece's CID. A node
 * that does not answer, answers 404, or answers bytes that do not prove against the CID fails the
 * challenge. Randomness is from {@link SecureRandom}, so a node cannot predict what is asked.
 */
final class Auditor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Auditor.class);
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One era's audit of one node; {@code reportedBy}: the peers that reported it serving corrupt
   * bytes (activity-api.md §6.8), which raised the number of challenges.
   */
  record Result(
      AccountId node, long era, int challenged, List<String> failures, List<String> reportedBy) {
    JsonObject toJson() {
      return new JsonObject()
          .put("node", node.toString())
          .put("era", era)
          .put("challenged", challenged)
          .put("failed", failures.size())
          .put("failures", new JsonArray(failures))
          .put("reported_by", new JsonArray(reportedBy));
    }
  }

  private final NodeHttp http;
  private final Signer signer;
  private final ValidatorOptions options;
  private final Clock clock;
  private final Random random;

  Auditor(NodeHttp http, Signer signer, ValidatorOptions options, Clock clock, Random random) {
    this.http = http;
    this.signer = signer;
    this.options = options;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Audits {@code n}'s pieces of {@code era}: {@code auditSamples} challenges, times {@code
   * suspectAuditFactor} when {@code reportedBy} names peers that caught it serving corrupt bytes.
   */
  Future<Result> audit(NodeEndpoint n, long era, List<String> reportedBy) {
    int samples =
        options.auditSamples() * (reportedBy.isEmpty() ? 1 : options.suspectAuditFactor());
    if (samples == 0) {
      return Future.succeededFuture(new Result(n.nodeKey(), era, 0, List.of(), reportedBy));
    }
    return http.getJson(n.httpBase(), "/activity/pieces?eraId=" + era)
        .compose(
            body -> {
              List<JsonObject> raw = new ArrayList<>();
              if (body instanceof JsonArray a) {
                for (Object o : a) {
                  JsonObject p = (JsonObject) o;
                  Cid cid = parseCid(p.getString("cid"));
                  if (cid != null && cid.codec() == Cid.Codec.RAW && p.getLong("size", 0L) > 0) {
                    raw.add(p);
                  }
                }
              }
              Collections.shuffle(raw, random);
              List<JsonObject> sample = raw.subList(0, Math.min(samples, raw.size()));
              List<String> failures = new ArrayList<>();
              Future<Void> all = Future.succeededFuture();
              for (JsonObject p : sample) {
                all =
                    all.compose(
                        x ->
                            challenge(n, p)
                                .otherwise(e -> "audit read failed: " + e.getMessage())
                                .map(
                                    failure -> {
                                      if (failure != null) {
                                        failures.add(p.getString("cid") + ": " + failure);
                                      }
                                      return null;
                                    }));
              }
              return all.map(
                  x -> new Result(n.nodeKey(), era, sample.size(), failures, reportedBy));
            });
  }

  /**
   * Which nodes their peers caught serving corrupt bytes (activity-api.md §6.8), each with the
   * reporting nodes. Hints only: they raise the number of challenges, never decide a report. A node
   * that does not answer reports nothing.
   */
  Future<Map<AccountId, List<String>>> peerReports(java.util.Set<NodeEndpoint> nodes) {
    Map<AccountId, List<String>> reports = new java.util.concurrent.ConcurrentHashMap<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (NodeEndpoint reporter : nodes) {
      asks.add(
          http.getJson(reporter.httpBase(), "/activity/faults")
              .<Void>map(
                  body -> {
                    if (body instanceof io.vertx.core.json.JsonArray a) {
                      for (Object o : a) {
                        JsonObject f = (JsonObject) o;
                        AccountId node =
                            new AccountId(
                                java.util.HexFormat.of()
                                    .parseHex(f.getString("node_id", "").replaceFirst("^0x", "")));
                        if (!node.equals(reporter.nodeKey()) && f.getLong("corrupt_answers") > 0) {
                          reports
                              .computeIfAbsent(
                                  node,
                                  k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                              .add(reporter.nodeKey().toString());
                        }
                      }
                    }
                    return null;
                  })
              .otherwise(
                  e -> {
                    LOG.debug(
                        "{}: no fault reports: {}", reporter.httpBase(), Validator.message(e));
                    return null;
                  }));
    }
    return Future.join(asks).map(x -> reports);
  }

  /** Null when the node proved the range, else what was wrong. */
  private Future<String> challenge(NodeEndpoint n, JsonObject piece) {
    String cidText = piece.getString("cid");
    Cid cid = Cid.parse(cidText);
    long size = piece.getLong("size");
    int len = (int) Math.min(options.auditRangeBytes(), size);
    long offset = size == len ? 0 : (long) (random.nextDouble() * (size - len + 1));
    offset = Math.min(offset, size - len);
    String target = "/audit/pieces/" + cidText + "?offset=" + offset + "&length=" + len;
    long off = offset;
    return http.get(n.httpBase(), target, headers(target))
        .map(
            body -> {
              JsonObject a;
              try {
                a = (JsonObject) Json.decodeValue(body);
              } catch (RuntimeException e) {
                return "answer is not a JSON object";
              }
              if (a.getLong("size", -1L) != size
                  || a.getLong("offset", -1L) != off
                  || a.getLong("length", -1L) != len) {
                return "answer is for another range or size";
              }
              List<byte[]> proof = new ArrayList<>();
              for (Object h : a.getJsonArray("proof", new JsonArray())) {
                proof.add(HEX.parseHex(((String) h).substring(2)));
              }
              byte[] data = Base64.getDecoder().decode(a.getString("data", ""));
              boolean ok =
                  Blake3RangeProof.verify(
                      cid.digest(), size, a.getLong("chunk_start", -1L), data, proof);
              return ok ? null : "range proof does not verify against the CID";
            });
  }

  /** activity-api.md §7.3. */
  Map<String, String> headers(String pathAndQuery) {
    String ts = Long.toString(clock.millis());
    byte[] sig =
        signer.sign(("ddc-audit:" + ts + ":" + pathAndQuery).getBytes(StandardCharsets.UTF_8));
    return Map.of(
        "X-DDC-Validator",
        "0x" + HEX.formatHex(signer.accountId()),
        "X-DDC-Scheme",
        signer.signatureType() == 0 ? "ed25519" : "sr25519",
        "X-DDC-Timestamp",
        ts,
        "X-DDC-Signature",
        "0x" + HEX.formatHex(sig));
  }

  private static Cid parseCid(String text) {
    try {
      return text == null ? null : Cid.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
