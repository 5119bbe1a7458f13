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

  /** A verified activity request as received. */
  record Request(ActivityRequest parsed, byte[] raw, byte[] signer) {}

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
      if (!verified(
          r.getSignature(),
          SignedBytes.withoutField(raw, SignedBytes.ACTIVITY_REQUEST_SIGNATURE))) {
        LOG.debug(
            "[{}] activity request signature does not verify; no activity record", correlationId);
        return null;
      }
      return new Request(r, raw, r.getSignature().getSigner().toByteArray());
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      LOG.debug("[{}] unusable activity request: {}", correlationId, e.getMessage());
      return null;
    }
  }

  /** Whether an ack (as received, {@code raw}) is signed by the request's signer. */
  boolean ackVerified(Request request, ActivityAcknowledgment ack, byte[] raw) {
    if (request == null || !ack.getRequestId().equals(request.parsed().getRequestId())) {
      return false;
    }
    try {
      return java.util.Arrays.equals(ack.getSignature().getSigner().toByteArray(), request.signer())
          && verified(ack.getSignature(), SignedBytes.withoutField(raw, SignedBytes.ACK_SIGNATURE));
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
