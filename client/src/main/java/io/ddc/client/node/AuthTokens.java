package io.ddc.client.node;

import com.google.protobuf.ByteString;
import io.ddc.crypto.Base58;
import io.ddc.crypto.KeyPair;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.AuthToken;
import io.ddc.protocol.proto.auth.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signed access tokens in the shapes the official client sends (node-protocol.md §6.5–§6.7). A
 * token is signed over the encoding of {@code AuthToken} with only its payload set ({@code 12 len
 * payload}), then carries the signature in field 1. Its string form is base58 of the whole token.
 */
public final class AuthTokens {
  /** The SDK's default validity: 30 days. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  private AuthTokens() {}

  /**
   * T1, the default token: all operations, no bucket, no subject, signed by {@code key} (the
   * owner's own calls and anyone's public reads).
   */
  public static AuthToken defaultToken(KeyPair key, Instant now) {
    return sign(
        key,
        Payload.newBuilder()
            .addOperations(Operation.GET.wire)
            .addOperations(Operation.PUT.wire)
            .addOperations(Operation.DELETE.wire)
            .setCanDelegate(false)
            .setExpiresAt(now.plus(DEFAULT_TTL).toEpochMilli())
            .build());
  }

  /**
   * T2, a bearer token: the owner grants {@code operations} on {@code bucketId} (optionally one
   * piece) to whoever holds it.
   */
  public static AuthToken bearer(
      KeyPair owner, long bucketId, List<Operation> operations, Cid piece, Instant expiresAt) {
    Payload.Builder p =
        Payload.newBuilder()
            .setBucketId(bucketId)
            .setCanDelegate(false)
            .setExpiresAt(expiresAt.toEpochMilli());
    operations.forEach(o -> p.addOperations(o.wire));
    if (piece != null) {
      p.setPieceCid(ByteString.copyFrom(piece.toBytes()));
    }
    return sign(owner, p.build());
  }

  /**
   * T3, first half: the owner grants {@code operations} on {@code bucketId} to {@code subject} (a
   * 32-byte public key), who must {@link #wrap} it before use.
   */
  public static AuthToken grant(
      KeyPair owner, byte[] subject, long bucketId, List<Operation> operations, Instant expiresAt) {
    if (subject.length != 32) {
      throw new IllegalArgumentException(
          "a subject is a 32-byte public key, " + subject.length + " bytes given");
    }
    Payload.Builder p =
        Payload.newBuilder()
            .setSubject(ByteString.copyFrom(subject))
            .setBucketId(bucketId)
            .setCanDelegate(false)
            .setExpiresAt(expiresAt.toEpochMilli());
    operations.forEach(o -> p.addOperations(o.wire));
    return sign(owner, p.build());
  }

  /**
   * T3, second half: the grantee wraps a grant it received, copying its restrictions as the
   * official client does.
   */
  public static AuthToken wrap(KeyPair grantee, AuthToken grant) {
    Payload g = grant.getPayload();
    Payload.Builder p =
        Payload.newBuilder()
            .setPrev(grant)
            .addAllOperations(g.getOperationsList())
            .setCanDelegate(g.hasCanDelegate() && g.getCanDelegate());
    if (g.hasBucketId()) {
      p.setBucketId(g.getBucketId());
    }
    if (g.hasExpiresAt()) {
      p.setExpiresAt(g.getExpiresAt());
    }
    if (g.hasPieceCid()) {
      p.setPieceCid(g.getPieceCid());
    }
    return sign(grantee, p.build());
  }

  /** The token's string form (base58 of its bytes), as sent in the {@code token} metadata. */
  public static String toBase58(AuthToken token) {
    return Base58.encode(token.toByteArray());
  }

  /** Parses the string form. */
  public static AuthToken fromBase58(String text) {
    try {
      return AuthToken.parseFrom(Base58.decode(text));
    } catch (com.google.protobuf.InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an access token: " + e.getMessage(), e);
    }
  }

  private static AuthToken sign(KeyPair key, Payload payload) {
    byte[] signed = AuthToken.newBuilder().setPayload(payload).build().toByteArray();
    return AuthToken.newBuilder()
        .setSignature(Signing.sign(key, signed))
        .setPayload(payload)
        .build();
  }
}
