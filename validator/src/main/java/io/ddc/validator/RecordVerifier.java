package io.ddc.validator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.common.Signature;
import io.ddc.protocol.proto.nodeactivity.ActivityFulfillment;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Checks one node record (activity-api.md §3) and derives the usage it contributes (§3.2) from the
 * signed data alone: the node's signature by the node the record came from, the client's request
 * signature, and the acknowledgement's signature by the same client. The usage a node claims next
 * to the record is never used.
 */
final class RecordVerifier {
  private RecordVerifier() {}

  /** Why a record was not counted. */
  enum Rejection {
    MALFORMED,
    NODE_SIGNATURE,
    CLIENT_SIGNATURE,
    OTHER_BUCKET,
    OTHER_ERA
  }

  /**
   * What a verified record proves.
   *
   * @param requestId the client's request id (counted once per node, bucket and era)
   * @param puts 1 for a store
   * @param gets 1 for a get
   * @param stored time-weighted stored bytes for the era
   * @param storedSize the stored piece's full size (for the bucket's closing bytes)
   * @param delivered bytes the client acknowledged (0 without a valid ack)
   */
  record Verified(
      String requestId, long puts, long gets, long stored, long storedSize, long delivered) {}

  /** A record's outcome: exactly one of the two is non-null. */
  record Outcome(Verified verified, Rejection rejection) {}

  /**
   * @param record the record bytes as served
   * @param nodeKey the 32-byte ed25519 key of the node it was fetched from
   * @param bucketId the bucket it was listed under
   * @param timeStart the era's start, unix ms
   * @param timeEnd the era's end (exclusive), unix ms
   */
  static Outcome verify(
      byte[] record, byte[] nodeKey, long bucketId, long timeStart, long timeEnd) {
    ActivityRecord r;
    try {
      r = ActivityRecord.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      return rejected(Rejection.MALFORMED);
    }
    Signature ns = r.getSignature();
    if (ns.getAlgorithm() != Signature.Algorithm.ED_25519
        || !Arrays.equals(ns.getSigner().toByteArray(), nodeKey)
        || !Signatures.verify(
            KeyScheme.ED25519,
            nodeKey,
            r.toBuilder().clearSignature().build().toByteArray(),
            ns.getValue().toByteArray())) {
      return rejected(Rejection.NODE_SIGNATURE);
    }
    if (!r.hasUpstream() || !r.getUpstream().hasRequest()) {
      return rejected(Rejection.MALFORMED);
    }
    ActivityFulfillment up = r.getUpstream();
    ActivityRequest req = up.getRequest();
    if (!clientSigned(req.getSignature(), req.toBuilder().clearSignature().build().toByteArray())) {
      return rejected(Rejection.CLIENT_SIGNATURE);
    }
    if (req.getBucketId() != bucketId) {
      return rejected(Rejection.OTHER_BUCKET);
    }
    long ts = r.getTimestamp();
    if (ts < timeStart || ts >= timeEnd) {
      return rejected(Rejection.OTHER_ERA);
    }
    return switch (req.getRequestType()) {
      case REQUEST_TYPE_STORE -> {
        long size = req.getSize();
        long weighted =
            BigInteger.valueOf(size)
                .multiply(BigInteger.valueOf(timeEnd - ts))
                .divide(BigInteger.valueOf(timeEnd - timeStart))
                .longValueExact();
        yield new Outcome(new Verified(req.getRequestId(), 1, 0, weighted, size, 0), null);
      }
      case REQUEST_TYPE_GET -> {
        long delivered = 0;
        if (up.hasAck() && ackValid(up.getAck(), req)) {
          delivered = up.getAck().getBytesStoredOrDelivered();
        }
        yield new Outcome(new Verified(req.getRequestId(), 0, 1, 0, 0, delivered), null);
      }
      default -> new Outcome(new Verified(req.getRequestId(), 0, 0, 0, 0, 0), null);
    };
  }

  private static boolean ackValid(ActivityAcknowledgment ack, ActivityRequest req) {
    return ack.getRequestId().equals(req.getRequestId())
        && ack.getSignature().getSigner().equals(req.getSignature().getSigner())
        && ack.getSignature().getAlgorithm() == req.getSignature().getAlgorithm()
        && clientSigned(ack.getSignature(), ack.toBuilder().clearSignature().build().toByteArray());
  }

  private static boolean clientSigned(Signature s, byte[] message) {
    KeyScheme scheme =
        switch (s.getAlgorithm()) {
          case ED_25519 -> KeyScheme.ED25519;
          case SR_25519 -> KeyScheme.SR25519;
          default -> null;
        };
    return scheme != null
        && Signatures.verifyRawOrWrapped(
            scheme, s.getSigner().toByteArray(), message, s.getValue().toByteArray());
  }

  private static Outcome rejected(Rejection r) {
    return new Outcome(null, r);
  }
}
