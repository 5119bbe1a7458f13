package io.ddc.edge;

import io.ddc.protocol.auth.InvalidMessageException;
import io.ddc.protocol.cid.InvalidCidException;
import io.ddc.storage.CapacityExceededException;
import io.ddc.storage.CorruptPieceException;
import io.ddc.storage.PieceNotFoundException;
import io.ddc.storage.StoreException;
import io.vertx.grpc.common.GrpcStatus;
import java.util.concurrent.CompletionException;

/**
 * The one place that turns a failure into a status: gRPC for both gRPC transports, HTTP for the
 * gateway (docs/spec/node-protocol.md §9.3). Deterministic refusals get codes the client does not
 * retry; only {@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED} and {@code INTERNAL} invite a retry
 * on another node.
 */
final class StatusMapping {
  private StatusMapping() {}

  /** A failure as the client sees it. */
  record Status(GrpcStatus grpc, int http, String message) {}

  static Status of(Throwable failure) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return switch (t) {
      case EdgeException e -> of(e.reason(), e.getMessage());
      case InvalidCidException e -> of(EdgeException.Reason.INVALID_ARGUMENT, e.getMessage());
      case InvalidMessageException e -> of(EdgeException.Reason.INVALID_ARGUMENT, e.getMessage());
      case PieceNotFoundException e -> of(EdgeException.Reason.NOT_FOUND, e.getMessage());
      case CapacityExceededException e ->
          new Status(GrpcStatus.RESOURCE_EXHAUSTED, 507, "storage full: " + e.getMessage());
      case CorruptPieceException e -> of(EdgeException.Reason.INTERNAL, e.getMessage());
      case StoreException e -> of(EdgeException.Reason.UNAVAILABLE, e.getMessage());
      default -> of(EdgeException.Reason.INTERNAL, "internal error: " + t);
    };
  }

  static Status of(EdgeException.Reason reason, String message) {
    return switch (reason) {
      case NO_BUCKET, NOT_FOUND -> new Status(GrpcStatus.NOT_FOUND, 404, message);
      case UNAUTHENTICATED -> new Status(GrpcStatus.UNAUTHENTICATED, 401, message);
      case PERMISSION_DENIED -> new Status(GrpcStatus.PERMISSION_DENIED, 403, message);
      case INVALID_ARGUMENT -> new Status(GrpcStatus.INVALID_ARGUMENT, 400, message);
      case OUT_OF_RANGE -> new Status(GrpcStatus.OUT_OF_RANGE, 416, message);
      case FAILED_PRECONDITION -> new Status(GrpcStatus.FAILED_PRECONDITION, 409, message);
      case QUOTA_EXCEEDED -> new Status(GrpcStatus.RESOURCE_EXHAUSTED, 429, message);
      case UNAVAILABLE -> new Status(GrpcStatus.UNAVAILABLE, 503, message);
      case UNIMPLEMENTED -> new Status(GrpcStatus.UNIMPLEMENTED, 404, message);
      case INTERNAL -> new Status(GrpcStatus.INTERNAL, 500, message);
    };
  }
}
