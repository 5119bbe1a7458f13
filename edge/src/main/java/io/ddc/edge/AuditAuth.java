package io.ddc.edge;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Authentication of validators' audit requests (docs/spec/activity-api.md §7.3): a signature by a
 * key of the validator list over {@code "ddc-audit:" + timestamp + ":" + request target}, with the
 * timestamp within {@link #SKEW_MILLIS} of the node clock.
 */
final class AuditAuth {
  static final long SKEW_MILLIS = 300_000;
  static final String VALIDATOR = "x-ddc-validator";
  static final String SCHEME = "x-ddc-scheme";
  static final String TIMESTAMP = "x-ddc-timestamp";
  static final String SIGNATURE = "x-ddc-signature";

  private final List<String> configured;
  private final ValidatorSource source;
  private final Authorizer.SignatureVerifier verifier;
  private final LongSupplier clock;

  /** {@code source} may be null (only the configured keys). */
  AuditAuth(
      List<String> configured,
      ValidatorSource source,
      Authorizer.SignatureVerifier verifier,
      LongSupplier clock) {
    this.configured = List.copyOf(configured);
    this.source = source;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** The message a validator signs for a request target and timestamp. */
  static byte[] message(long timestamp, String target) {
    return ("ddc-audit:" + timestamp + ":" + target).getBytes(StandardCharsets.UTF_8);
  }

  /** The authenticated validator key ({@code 0x…}), or a failed future (401 / 403). */
  Future<String> check(HttpServerRequest req) {
    String key = header(req, VALIDATOR);
    String ts = header(req, TIMESTAMP);
    String sig = header(req, SIGNATURE);
    if (key == null || ts == null || sig == null) {
      return Future.failedFuture(
          EdgeException.unauthenticated(
              "audit requests need the headers X-DDC-Validator, X-DDC-Timestamp and"
                  + " X-DDC-Signature"));
    }
    String scheme = header(req, SCHEME) == null ? "sr25519" : header(req, SCHEME);
    int algorithm;
    long timestamp;
    byte[] pub;
    byte[] signature;
    try {
      algorithm =
          switch (scheme.toLowerCase(Locale.ROOT)) {
            case "ed25519" -> 0;
            case "sr25519" -> 1;
            default -> throw new IllegalArgumentException("unknown scheme " + scheme);
          };
      timestamp = Long.parseLong(ts);
      pub = hex(key, 32);
      signature = hex(sig, 64);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          EdgeException.unauthenticated("malformed audit headers: " + e.getMessage()));
    }
    if (Math.abs(clock.getAsLong() - timestamp) > SKEW_MILLIS) {
      return Future.failedFuture(
          EdgeException.unauthenticated(
              "audit timestamp " + timestamp + " is more than 300 s from the node clock"));
    }
    if (!verifier.verify(algorithm, pub, message(timestamp, req.uri()), signature)) {
      return Future.failedFuture(
          EdgeException.unauthenticated("the audit signature does not verify"));
    }
    String normalized = "0x" + HexFormat.of().formatHex(pub);
    return validators()
        .compose(
            set ->
                set.contains(normalized)
                    ? Future.succeededFuture(normalized)
                    : Future.failedFuture(
                        EdgeException.denied(normalized + " is not a validator of this node")));
  }

  private Future<Set<String>> validators() {
    if (source == null) {
      return Future.succeededFuture(Set.copyOf(configured));
    }
    return source
        .validators()
        .map(
            s -> {
              Set<String> all = new HashSet<>(configured);
              all.addAll(s);
              return all;
            });
  }

  private static String header(HttpServerRequest req, String name) {
    String v = req.getHeader(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static byte[] hex(String v, int bytes) {
    String h = v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v;
    byte[] b = HexFormat.of().parseHex(h);
    if (b.length != bytes) {
      throw new IllegalArgumentException("expected " + bytes + " bytes of hex, got " + b.length);
    }
    return b;
  }
}
