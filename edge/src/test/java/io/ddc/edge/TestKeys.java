package io.ddc.edge;

import com.google.protobuf.ByteString;
import io.ddc.crypto.Base58;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.auth.AuthToken;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.auth.Payload;
import io.ddc.protocol.proto.cns.Record;
import io.ddc.protocol.proto.common.Signature;
import java.util.HexFormat;
import java.util.List;

/** Test identities and the tokens, activity requests and records they sign, as the SDK does. */
final class TestKeys {
  static final KeyPair ALICE = Keys.fromUri("//Alice", KeyScheme.ED25519);
  static final KeyPair BOB = Keys.fromUri("//Bob", KeyScheme.ED25519);
  static final long HOUR = 3_600_000L;

  /** A store sized for tests: small index files open in a fraction of the default's time. */
  static final io.ddc.storage.StoreOptions SMALL_STORE =
      new io.ddc.storage.StoreOptions().indexEntries(20_000);

  private TestKeys() {}

  /** Options of an in-process test node: ephemeral ports, {@code dir}, a small store. */
  static NodeOptions testNode(java.nio.file.Path dir) {
    return new NodeOptions().httpPort(0).grpcPort(0).dataDir(dir).storage(SMALL_STORE);
  }

  static String ownerHex(KeyPair k) {
    return "0x" + HexFormat.of().formatHex(k.publicKey());
  }

  static Signature sign(KeyPair k, byte[] message) {
    return Signature.newBuilder()
        .setAlgorithmValue(k.scheme() == KeyScheme.ED25519 ? 0 : 1)
        .setSigner(ByteString.copyFrom(k.publicKey()))
        .setValue(ByteString.copyFrom(k.sign(message)))
        .build();
  }

  static AuthToken signToken(KeyPair k, Payload p) {
    byte[] unsigned = AuthToken.newBuilder().setPayload(p).build().toByteArray();
    return AuthToken.newBuilder().setSignature(sign(k, unsigned)).setPayload(p).build();
  }

  /** The SDK's default token (T1): all operations, no bucket, no subject. */
  static String defaultToken(KeyPair k) {
    return Base58.encode(
        signToken(
                k,
                Payload.newBuilder()
                    .setCanDelegate(false)
                    .addAllOperations(List.of(Operation.GET, Operation.PUT, Operation.DELETE))
                    .setExpiresAt(System.currentTimeMillis() + HOUR)
                    .build())
            .toByteArray());
  }

  /** An owner-signed bearer token (T2). */
  static String bearer(KeyPair owner, long bucket, Operation... ops) {
    return Base58.encode(
        signToken(
                owner,
                Payload.newBuilder()
                    .setCanDelegate(false)
                    .setBucketId(bucket)
                    .addAllOperations(List.of(ops))
                    .setExpiresAt(System.currentTimeMillis() + HOUR)
                    .build())
            .toByteArray());
  }

  /** A grant to {@code grantee}, wrapped and signed by the grantee (T3). */
  static String delegated(KeyPair owner, KeyPair grantee, long bucket, Operation... ops) {
    long exp = System.currentTimeMillis() + HOUR;
    AuthToken grant =
        signToken(
            owner,
            Payload.newBuilder()
                .setSubject(ByteString.copyFrom(grantee.publicKey()))
                .setCanDelegate(false)
                .setBucketId(bucket)
                .addAllOperations(List.of(ops))
                .setExpiresAt(exp)
                .build());
    return Base58.encode(
        signToken(
                grantee,
                Payload.newBuilder()
                    .setPrev(grant)
                    .setCanDelegate(false)
                    .setBucketId(bucket)
                    .addAllOperations(List.of(ops))
                    .setExpiresAt(exp)
                    .build())
            .toByteArray());
  }

  static String activityRequest(KeyPair k, String requestId, long bucket, int type) {
    ActivityRequest unsigned =
        ActivityRequest.newBuilder()
            .setRequestId(requestId)
            .setRequestTypeValue(type)
            .setBucketId(bucket)
            .setTimestamp(System.currentTimeMillis())
            .build();
    return java.util.Base64.getEncoder()
        .encodeToString(
            unsigned.toBuilder()
                .setSignature(sign(k, unsigned.toByteArray()))
                .build()
                .toByteArray());
  }

  static ActivityAcknowledgment ack(KeyPair k, String requestId, long bytes) {
    ActivityAcknowledgment a =
        ActivityAcknowledgment.newBuilder()
            .setRequestId(requestId)
            .setBytesStoredOrDelivered(bytes)
            .setTimestamp(System.currentTimeMillis())
            .build();
    return a.toBuilder().setSignature(sign(k, a.toByteArray())).build();
  }

  static Record record(KeyPair k, byte[] cid, String name) {
    Record r = Record.newBuilder().setCid(ByteString.copyFrom(cid)).setName(name).build();
    return r.toBuilder().setSignature(sign(k, r.toByteArray())).build();
  }
}
