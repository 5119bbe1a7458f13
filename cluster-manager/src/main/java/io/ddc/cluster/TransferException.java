package io.ddc.cluster;

/**
 * One node-to-node request failed (docs/spec/cluster-transfer.md §4): a transport error or a
 * non-success status from the peer, which {@link #status()} carries (0 for a transport error).
 */
public final class TransferException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final String peer;
  private final int status;

  /** A failed request to {@code peer}. */
  public TransferException(String peer, int status, String message, Throwable cause) {
    super("peer " + peer + ": " + message + (status == 0 ? "" : " (HTTP " + status + ")"), cause);
    this.peer = peer;
    this.status = status;
  }

  /** The peer's node id. */
  public String peer() {
    return peer;
  }

  /** The HTTP status the peer answered, or 0 when no answer arrived. */
  public int status() {
    return status;
  }
}
