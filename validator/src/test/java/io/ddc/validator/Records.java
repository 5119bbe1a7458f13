package io.ddc.validator;

import com.google.protobuf.ByteString;
import io.ddc.crypto.KeyPair;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.common.Signature;
import io.ddc.protocol.proto.nodeactivity.ActivityFulfillment;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import java.util.UUID;

/** Signed node records as activity-api.md §3.1 describes them. */
final class Records {
  private Records() {}

  static Signature sig(KeyPair k, byte[] message) {
    return Signature.newBuilder()
        .setAlgorithmValue(k.scheme().signatureTypeIndex())
        .setSigner(ByteString.copyFrom(k.publicKey()))
        .setValue(ByteString.copyFrom(k.sign(message)))
        .build();
  }

  static ActivityRequest request(
      KeyPair client, ActivityRequest.RequestType type, long bucket, long size) {
    ActivityRequest r =
        ActivityRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setRequestType(type)
            .setBucketId(bucket)
            .setSize(size)
            .setTimestamp(1)
            .build();
    return r.toBuilder().setSignature(sig(client, r.toByteArray())).build();
  }

  static ActivityAcknowledgment ack(KeyPair client, String requestId, long bytes) {
    ActivityAcknowledgment a =
        ActivityAcknowledgment.newBuilder()
            .setRequestId(requestId)
            .setBytesStoredOrDelivered(bytes)
            .setTimestamp(2)
            .build();
    return a.toBuilder().setSignature(sig(client, a.toByteArray())).build();
  }

  static byte[] record(
      KeyPair node, ActivityRequest req, ActivityAcknowledgment ack, long timestamp) {
    ActivityFulfillment.Builder f = ActivityFulfillment.newBuilder().setRequest(req);
    if (ack != null) {
      f.setAck(ack);
    }
    ActivityRecord r =
        ActivityRecord.newBuilder()
            .setId(ByteString.copyFrom(new byte[16]))
            .setUpstream(f)
            .setTimestamp(timestamp)
            .build();
    return r.toBuilder().setSignature(sig(node, r.toByteArray())).build().toByteArray();
  }

  static byte[] store(KeyPair node, KeyPair client, long bucket, long size, long timestamp) {
    return record(
        node,
        request(client, ActivityRequest.RequestType.REQUEST_TYPE_STORE, bucket, size),
        null,
        timestamp);
  }

  static byte[] get(
      KeyPair node, KeyPair client, long bucket, long size, long acked, long timestamp) {
    ActivityRequest req =
        request(client, ActivityRequest.RequestType.REQUEST_TYPE_GET, bucket, size);
    return record(node, req, acked < 0 ? null : ack(client, req.getRequestId(), acked), timestamp);
  }
}
