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
  private static final HexFormat HEX = HexFormat.of();

  /** One era's audit of one node. */
  record Result(AccountId node, long era, int challenged, List<String> failures) {
    JsonObject toJson() {
      return new JsonObject()
          .put("node", node.toString())
          .put("era", era)
          .put("challenged", challenged)
          .put("failed", failures.size())
          .put("failures", new JsonArray(failures));
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

  Future<Result> audit(NodeEndpoint n, long era) {
    if (options.auditSamples() == 0) {
      return Future.succeededFuture(new Result(n.nodeKey(), era, 0, List.of()));
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
              List<JsonObject> sample =
                  raw.subList(0, Math.min(options.auditSamples(), raw.size()));
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
              return all.map(x -> new Result(n.nodeKey(), era, sample.size(), failures));
            });
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
