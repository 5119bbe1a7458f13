package io.ddc.client.node;

import com.google.protobuf.ByteString;
import io.ddc.crypto.KeyPair;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs the activity receipts a client sends (node-protocol.md §7): one {@code ActivityRequest} per
 * call, in the {@code request} metadata, and for downloads one acknowledgement per data message.
 * Both are signed over their encoding without the signature field, which is encoded last.
 */
final class ActivitySigner {
  private final KeyPair key;
  private final Clock clock;

  ActivitySigner(KeyPair key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  ActivityRequest request(
      ActivityRequest.RequestType type, long bucketId, byte[] id, long offset, long size) {
    ActivityRequest.Builder b =
        ActivityRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setRequestType(type)
            .setContentType(ActivityRequest.ContentType.CONTENT_TYPE_PIECE)
            .setBucketId(bucketId)
            .setOffset(offset)
            .setSize(size)
            .setTimestamp(clock.millis());
    if (id != null) {
      b.setId(ByteString.copyFrom(id));
    }
    ActivityRequest unsigned = b.build();
    return unsigned.toBuilder().setSignature(Signing.sign(key, unsigned.toByteArray())).build();
  }

  /** The {@code request} metadata value: standard base64 with padding. */
  static String metadata(ActivityRequest request) {
    return Base64.getEncoder().encodeToString(request.toByteArray());
  }

  ActivityAcknowledgment ack(String requestId, long bytesDelivered) {
    ActivityAcknowledgment unsigned =
        ActivityAcknowledgment.newBuilder()
            .setRequestId(requestId)
            .setBytesStoredOrDelivered(bytesDelivered)
            .setTimestamp(clock.millis())
            .build();
    return unsigned.toBuilder().setSignature(Signing.sign(key, unsigned.toByteArray())).build();
  }
}
