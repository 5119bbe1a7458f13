package io.ddc.edge;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.protocol.auth.InvalidMessageException;
import io.ddc.protocol.auth.SignedBytes;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.common.Signature;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-signed activity (node-protocol.md §7): the {@code request} metadata of every call and the
 * acks of {@code getFile}. A missing or bad request never fails the call (C21): it yields null.
 */
final class ActivityCapture {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityCapture.class);

  /**
   * A verified activity request as received. {@code billable}: its canonical re-encoding is the
   * signed encoding, so a validator can verify it from the node record (activity-api.md §3.1).
   */
  record Request(ActivityRequest parsed, byte[] raw, byte[] signer, boolean billable) {}

  private final Authorizer.SignatureVerifier verifier;

  ActivityCapture(Authorizer.SignatureVerifier verifier) {
    this.verifier = verifier;
  }

  /** The verified request of the {@code request} metadata, or null (logged) when unusable. */
  Request request(String base64, String correlationId) {
    if (base64 == null || base64.isBlank()) {
      return null;
    }
    try {
      byte[] raw = Base64.getDecoder().decode(base64.strip());
      ActivityRequest r = ActivityRequest.parseFrom(raw);
      byte[] signed = SignedBytes.withoutField(raw, SignedBytes.ACTIVITY_REQUEST_SIGNATURE);
      if (!verified(r.getSignature(), signed)) {
        LOG.debug(
            "[{}] activity request signature does not verify; no activity record", correlationId);
        return null;
      }
      boolean canonical =
          java.util.Arrays.equals(signed, r.toBuilder().clearSignature().build().toByteArray());
      if (!canonical) {
        LOG.debug("[{}] activity request not canonically encoded; not billable", correlationId);
      }
      return new Request(r, raw, r.getSignature().getSigner().toByteArray(), canonical);
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      LOG.debug("[{}] unusable activity request: {}", correlationId, e.getMessage());
      return null;
    }
  }

  /**
   * Whether an ack ({@code raw}: the ack message as received) is signed by the request's signer
   * over its canonical encoding, so that it stays verifiable inside a node record.
   */
  boolean ackVerified(Request request, ActivityAcknowledgment ack, byte[] raw) {
    if (request == null || !ack.getRequestId().equals(request.parsed().getRequestId())) {
      return false;
    }
    try {
      byte[] signed = SignedBytes.withoutField(raw, SignedBytes.ACK_SIGNATURE);
      return java.util.Arrays.equals(ack.getSignature().getSigner().toByteArray(), request.signer())
          && java.util.Arrays.equals(signed, ack.toBuilder().clearSignature().build().toByteArray())
          && verified(ack.getSignature(), signed);
    } catch (InvalidMessageException e) {
      return false;
    }
  }

  private boolean verified(Signature s, byte[] message) {
    return s.getSigner().size() == 32
        && s.getValue().size() == 64
        && verifier.verify(
            s.getAlgorithmValue(),
            s.getSigner().toByteArray(),
            message,
            s.getValue().toByteArray());
  }
}
