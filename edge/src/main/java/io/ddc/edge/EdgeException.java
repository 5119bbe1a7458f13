package io.ddc.edge;

/**
 * A request the node refuses or cannot serve. The {@link Reason} decides the gRPC and HTTP status
 * ({@link StatusMapping}, the table of docs/spec/node-protocol.md §9.3); the message goes to the
 * client as is, so it carries the numbers and never a secret.
 */
final class EdgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request failed; each reason has exactly one status per protocol. */
  enum Reason {
    /** Unknown or removed bucket; the message contains {@code no bucket}. */
    NO_BUCKET,
    /** Token missing where required, undecodable, badly signed, broken chain, expired. */
    UNAUTHENTICATED,
    /** A valid chain without the right owner, operation, bucket or piece. */
    PERMISSION_DENIED,
    /** Malformed request. */
    INVALID_ARGUMENT,
    /** A range that starts beyond the content. */
    OUT_OF_RANGE,
    /** Piece, multipart piece or DAG node not found. */
    NOT_FOUND,
    /** Missing multipart part, write on a cache node, hop into a non-DAG CID. */
    FAILED_PRECONDITION,
    /** Unacknowledged-delivery quota exceeded. */
    QUOTA_EXCEEDED,
    /** Storage or a peer temporarily unavailable; the client tries another node. */
    UNAVAILABLE,
    /** A method this node does not serve. */
    UNIMPLEMENTED,
    /** A fault of ours; the client retries elsewhere. */
    INTERNAL
  }

  private final Reason reason;

  EdgeException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }

  static EdgeException noBucket(long id) {
    return new EdgeException(Reason.NO_BUCKET, "no bucket " + id);
  }

  static EdgeException invalid(String message) {
    return new EdgeException(Reason.INVALID_ARGUMENT, message);
  }

  static EdgeException unauthenticated(String message) {
    return new EdgeException(Reason.UNAUTHENTICATED, message);
  }

  static EdgeException denied(String message) {
    return new EdgeException(Reason.PERMISSION_DENIED, message);
  }

  static EdgeException notFound(String message) {
    return new EdgeException(Reason.NOT_FOUND, message);
  }

  static EdgeException unavailable(String message) {
    return new EdgeException(Reason.UNAVAILABLE, message);
  }

  static EdgeException precondition(String message) {
    return new EdgeException(Reason.FAILED_PRECONDITION, message);
  }
}
