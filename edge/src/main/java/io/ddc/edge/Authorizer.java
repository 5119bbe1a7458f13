package io.ddc.edge;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.auth.AuthTokenChain;
import io.ddc.protocol.auth.InvalidMessageException;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.auth.Payload;
import io.ddc.protocol.proto.common.Signature;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The node's access decision for one call: AuthToken chain verification (node-protocol.md §6.8) and
 * the public/private bucket rules (§6.9), with the open choices C16–C20 of §13. Stateless and
 * thread-safe; pure CPU work (signature checks), no I/O.
 */
final class Authorizer {
  /** Longest accepted chain (C16). */
  static final int MAX_DEPTH = 5;

  /** Verifies one signature over a message, raw or {@code <Bytes>}-wrapped (§6.1). */
  interface SignatureVerifier {
    boolean verify(int algorithm, byte[] publicKey, byte[] message, byte[] signature);
  }

  /** The crypto module's verifier; an unknown algorithm index counts as a bad signature. */
  static final SignatureVerifier CRYPTO =
      (algorithm, publicKey, message, signature) -> {
        try {
          return Signatures.verifyRawOrWrapped(
              KeyScheme.ofSignatureTypeIndex(algorithm), publicKey, message, signature);
        } catch (IllegalArgumentException e) {
          return false;
        }
      };

  /**
   * {@code inner} with its positive answers remembered, for signatures that come back again and
   * again: a client sends the same token with every call, so without this every call pays a full
   * sr25519 or ed25519 verification (≈ 0.1–0.2 ms of CPU) for bytes already verified. The key is
   * the BLAKE3 digest of algorithm, key, message and signature, so only the identical quadruple
   * hits; failures are never remembered. At most {@code maxEntries} are kept; when full the memory
   * is dropped and refilled. Thread-safe.
   */
  static SignatureVerifier remembering(SignatureVerifier inner, int maxEntries) {
    java.util.Set<java.nio.ByteBuffer> verified =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    return (algorithm, publicKey, message, signature) -> {
      io.ddc.crypto.Blake3 h = new io.ddc.crypto.Blake3();
      h.update(new byte[] {(byte) algorithm}, 0, 1);
      h.update(publicKey, 0, publicKey.length);
      h.update(signature, 0, signature.length);
      h.update(message, 0, message.length);
      java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(h.digest());
      if (verified.contains(key)) {
        return true;
      }
      boolean ok = inner.verify(algorithm, publicKey, message, signature);
      if (ok) {
        if (verified.size() >= maxEntries) {
          verified.clear();
        }
        verified.add(key);
      }
      return ok;
    };
  }

  /** Token signatures remembered per node by {@link #remembering}. */
  static final int REMEMBERED_TOKEN_SIGNATURES = 4096;

  /**
   * Who made an authorized call.
   *
   * @param signer the outermost token's signer, or null for an anonymous public read
   */
  record Grant(byte[] signer) {}

  private final SignatureVerifier verifier;
  private final LongSupplier clockMillis;

  Authorizer(SignatureVerifier verifier, LongSupplier clockMillis) {
    this.verifier = verifier;
    this.clockMillis = clockMillis;
  }

  SignatureVerifier verifier() {
    return verifier;
  }

  /**
   * Authorizes {@code op} on {@code bucket}.
   *
   * @param token the base58 token, or null when the call carried none
   * @param addressed the CID a piece-restricted token may name ({@code getFile}'s CID, the root of
   *     {@code dag.Get}); null for RPCs that address no single object (C19)
   * @throws EdgeException UNAUTHENTICATED or PERMISSION_DENIED
   */
  Grant authorize(BucketRegistry.Bucket bucket, Operation op, String token, Cid addressed) {
    boolean publicRead = op == Operation.GET && bucket.isPublic();
    if (token == null || token.isBlank()) {
      if (publicRead) {
        return new Grant(null);
      }
      throw EdgeException.unauthenticated(
          "a token is required for " + op + " on bucket " + bucket.id());
    }
    AuthTokenChain chain;
    try {
      chain = AuthTokenChain.fromBase58(token);
    } catch (InvalidMessageException e) {
      throw EdgeException.unauthenticated("bad token: " + e.getMessage());
    }
    List<AuthTokenChain.Token> tokens = chain.tokens();
    verifyChain(tokens);
    if (!publicRead) {
      checkRestrictions(bucket, op, tokens, addressed);
    }
    return new Grant(chain.outermost().signature().getSigner().toByteArray());
  }

  /** §6.8 steps 1–5 and 9: signatures, linkage, the outer subject, expiry. */
  private void verifyChain(List<AuthTokenChain.Token> tokens) {
    if (tokens.size() > MAX_DEPTH) {
      throw EdgeException.unauthenticated(
          "token chain has " + tokens.size() + " tokens, at most " + MAX_DEPTH + " allowed");
    }
    long now = clockMillis.getAsLong();
    for (int j = 0; j < tokens.size(); j++) {
      AuthTokenChain.Token t = tokens.get(j);
      Signature s = t.signature();
      if (!t.hasSignature()) {
        throw EdgeException.unauthenticated("token " + j + " is not signed");
      }
      int alg = s.getAlgorithmValue();
      if (alg != 0 && alg != 1) {
        throw EdgeException.unauthenticated("token " + j + ": unknown signature algorithm " + alg);
      }
      if (s.getSigner().size() != 32 || s.getValue().size() != 64) {
        throw EdgeException.unauthenticated(
            "token " + j + ": signer must be 32 bytes and signature 64 bytes");
      }
      if (!verifier.verify(
          alg, s.getSigner().toByteArray(), t.signedMessage(), s.getValue().toByteArray())) {
        throw EdgeException.unauthenticated("token " + j + ": signature does not verify");
      }
      Payload p = t.payload();
      if (!p.hasExpiresAt()) {
        throw EdgeException.unauthenticated("token " + j + " has no expiresAt");
      }
      if (p.getExpiresAt() <= now) {
        throw EdgeException.unauthenticated("token " + j + " expired at " + p.getExpiresAt());
      }
      if (j > 0) {
        // tokens.get(j) issued tokens.get(j - 1)
        AuthTokenChain.Token next = tokens.get(j - 1);
        if (!p.hasSubject()
            || !Arrays.equals(
                p.getSubject().toByteArray(), next.signature().getSigner().toByteArray())) {
          throw EdgeException.unauthenticated(
              "token " + (j - 1) + " is not signed by the subject of the token it extends");
        }
        if (j > 1 && !p.getCanDelegate()) {
          throw EdgeException.unauthenticated("token " + j + " does not allow further delegation");
        }
        if (next.payload().getExpiresAt() > p.getExpiresAt()) {
          throw EdgeException.unauthenticated(
              "token " + (j - 1) + " outlives the token it extends");
        }
      }
    }
    AuthTokenChain.Token outer = tokens.get(0);
    if (outer.payload().hasSubject()
        && !Arrays.equals(
            outer.payload().getSubject().toByteArray(),
            outer.signature().getSigner().toByteArray())) {
      throw EdgeException.unauthenticated(
          "the token names a subject other than its signer: wrap it");
    }
  }

  /** §6.8 steps 6–8: root owner, bucket and piece restrictions, operations. */
  private static void checkRestrictions(
      BucketRegistry.Bucket bucket,
      Operation op,
      List<AuthTokenChain.Token> tokens,
      Cid addressed) {
    AuthTokenChain.Token root = tokens.get(tokens.size() - 1);
    if (!Arrays.equals(root.signature().getSigner().toByteArray(), bucket.owner())) {
      throw EdgeException.denied(
          "the token chain is not rooted at the owner of bucket " + bucket.id());
    }
    Set<Operation> previous = null;
    for (int j = tokens.size() - 1; j >= 0; j--) {
      Payload p = tokens.get(j).payload();
      if (p.hasBucketId() && p.getBucketId() != bucket.id()) {
        throw EdgeException.denied(
            "the token is restricted to bucket " + p.getBucketId() + ", not " + bucket.id());
      }
      if (p.hasPieceCid()) {
        if (addressed == null) {
          throw EdgeException.denied("a piece-restricted token does not allow this call");
        }
        if (!Arrays.equals(p.getPieceCid().toByteArray(), addressed.toBytes())) {
          throw EdgeException.denied("the token is restricted to another piece");
        }
      }
      Set<Operation> ops = new HashSet<>(p.getOperationsList());
      if (!ops.contains(op)) {
        throw EdgeException.denied("the token does not allow " + op);
      }
      if (previous != null && !previous.containsAll(ops)) {
        throw EdgeException.denied("token " + j + " widens the operations it was granted");
      }
      previous = ops;
    }
  }
}
