package io.ddc.cluster;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request authentication between nodes (docs/spec/cluster-transfer.md §3): every request carries
 * the sender's node id, its clock in milliseconds, the BLAKE3 of the body and either an HMAC-SHA256
 * under the key the two nodes share (§3.4, what nodes send) or an ed25519 signature (§3.1) over the
 * canonical string of those and the method and URI.
 */
final class P2pAuth {
  static final String NODE = "x-ddc-node";
  static final String TIME = "x-ddc-time";
  static final String BODY = "x-ddc-body-blake3";
  static final String SIGNATURE = "x-ddc-signature";
  static final String MAC = "x-ddc-mac";
  static final String DOMAIN = "DDC-P2P-1";

  private static final HexFormat HEX = HexFormat.of();

  private P2pAuth() {}

  /** A refused request: the HTTP status to answer and why. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /** §3.1: the signed bytes. */
  static byte[] message(String method, String uri, long timeMillis, String nodeId, String body) {
    String s =
        DOMAIN + "\n" + method + "\n" + uri + "\n" + timeMillis + "\n" + nodeId + "\n" + body;
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the four authentication headers for a request. */
  static void sign(
      MultiMap headers,
      KeyPair key,
      String nodeId,
      String method,
      String uri,
      long timeMillis,
      String bodyDigestHex) {
    byte[] sig = key.sign(message(method, uri, timeMillis, nodeId, bodyDigestHex));
    headers
        .set(NODE, nodeId)
        .set(TIME, Long.toString(timeMillis))
        .set(BODY, bodyDigestHex)
        .set(SIGNATURE, HEX.formatHex(sig));
  }

  /**
   * §3.4: adds the four authentication headers for a request to {@code peerId}, with a MAC under
   * the key the two nodes share.
   */
  static void mac(
      MultiMap headers,
      P2pKeys keys,
      String nodeId,
      String peerId,
      String method,
      String uri,
      long timeMillis,
      String bodyDigestHex) {
    byte[] mac =
        hmac(
            keys.macKey(peerId, id -> true),
            message(method, uri, timeMillis, nodeId, bodyDigestHex));
    headers
        .set(NODE, nodeId)
        .set(TIME, Long.toString(timeMillis))
        .set(BODY, bodyDigestHex)
        .set(MAC, HEX.formatHex(mac));
  }

  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
          });

  static byte[] hmac(byte[] key, byte[] message) {
    Mac m = HMAC.get();
    try {
      m.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a 32-byte HMAC key is always valid", e);
    }
    return m.doFinal(message);
  }

  /**
   * §3.2: checks a request's headers; returns the sender's node id. A request with a MAC (§3.4) is
   * checked with the key this node shares with the sender, one with a signature (§3.1) with the
   * sender's public key. The body digest is checked by the handler, against the bytes it receives.
   */
  static String verify(
      MultiMap headers,
      String method,
      String uri,
      long nowMillis,
      Duration maxSkew,
      Predicate<String> isMember,
      P2pKeys keys)
      throws Refusal {
    String node = headers.get(NODE);
    String time = headers.get(TIME);
    String body = headers.get(BODY);
    String mac = headers.get(MAC);
    String sig = mac == null ? headers.get(SIGNATURE) : null;
    if (node == null || time == null || body == null || (sig == null && mac == null)) {
      throw new Refusal(401, "missing authentication headers");
    }
    if (!node.matches("[0-9a-f]{64}")
        || (mac != null ? !mac.matches("[0-9a-f]{64}") : !sig.matches("[0-9a-f]{128}"))) {
      throw new Refusal(401, "malformed node id, MAC or signature");
    }
    long t;
    try {
      t = Long.parseLong(time);
    } catch (NumberFormatException e) {
      throw new Refusal(401, "malformed time " + time);
    }
    if (Math.abs(nowMillis - t) > maxSkew.toMillis()) {
      throw new Refusal(
          401,
          "request time "
              + t
              + " is "
              + (nowMillis - t)
              + " ms away from ours, "
              + maxSkew
              + " allowed");
    }
    if (mac != null) {
      byte[] key;
      try {
        key = keys.macKey(node, isMember);
      } catch (IllegalArgumentException e) {
        throw new Refusal(401, "node id " + node + " is not a valid ed25519 public key");
      }
      if (!MessageDigest.isEqual(
          hmac(key, message(method, uri, t, node, body)), HEX.parseHex(mac))) {
        throw new Refusal(401, "bad MAC from " + node);
      }
    } else if (!Signatures.verify(
        KeyScheme.ED25519,
        HEX.parseHex(node),
        message(method, uri, t, node, body),
        HEX.parseHex(sig))) {
      throw new Refusal(401, "bad signature from " + node);
    }
    if (!isMember.test(node)) {
      throw new Refusal(403, "node " + node + " is not a live member of this cluster");
    }
    return node;
  }
}
