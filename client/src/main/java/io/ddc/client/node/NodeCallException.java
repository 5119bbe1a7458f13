package io.ddc.client.node;

import io.ddc.client.DdcClientException;

/**
 * A node answered a call with a non-OK gRPC status (or could not be reached: {@code UNAVAILABLE}).
 * {@link #retryable()} follows the official client's rule (node-protocol.md §9.2).
 */
public class NodeCallException extends DdcClientException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String node;
  private final String method;
  private final boolean afterHeaders;

  public NodeCallException(
      String node, String method, int status, String message, boolean afterHeaders) {
    super(
        method
            + " on "
            + node
            + " failed: "
            + statusName(status)
            + (message == null || message.isEmpty() ? "" : ": " + message));
    this.status = status;
    this.node = node;
    this.method = method;
    this.afterHeaders = afterHeaders;
  }

  /** The gRPC status code. */
  public int status() {
    return status;
  }

  /** The node's gRPC address. */
  public String node() {
    return node;
  }

  /** The full method, e.g. {@code file.FileApi/putRawPiece}. */
  public String method() {
    return method;
  }

  /**
   * Whether another attempt (on another node) may succeed: the codes CANCELLED, UNKNOWN,
   * DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE, and never for a download
   * that failed after its headers.
   */
  public boolean retryable() {
    if (afterHeaders) {
      return false;
    }
    return switch (status) {
      case 1, 2, 4, 8, 10, 13, 14 -> true;
      default -> false;
    };
  }

  /** The gRPC name of a status code, e.g. {@code NOT_FOUND}. */
  public static String statusName(int code) {
    return switch (code) {
      case 0 -> "OK";
      case 1 -> "CANCELLED";
      case 2 -> "UNKNOWN";
      case 3 -> "INVALID_ARGUMENT";
      case 4 -> "DEADLINE_EXCEEDED";
      case 5 -> "NOT_FOUND";
      case 6 -> "ALREADY_EXISTS";
      case 7 -> "PERMISSION_DENIED";
      case 8 -> "RESOURCE_EXHAUSTED";
      case 9 -> "FAILED_PRECONDITION";
      case 10 -> "ABORTED";
      case 11 -> "OUT_OF_RANGE";
      case 12 -> "UNIMPLEMENTED";
      case 13 -> "INTERNAL";
      case 14 -> "UNAVAILABLE";
      case 15 -> "DATA_LOSS";
      case 16 -> "UNAUTHENTICATED";
      default -> "status " + code;
    };
  }
}
