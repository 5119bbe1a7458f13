package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import java.util.List;

/**
 * A write did not reach its success threshold of durable copies on placement nodes
 * (docs/spec/cluster-transfer.md §5). Retryable: the client may resend to another node.
 */
public final class ReplicationException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final transient Cid cid;
  private final int durableCopies;
  private final int required;
  private final List<String> failedNodes;

  /** A failed replication of {@code cid}. */
  public ReplicationException(
      Cid cid, int durableCopies, int required, List<String> failedNodes, Throwable cause) {
    super(
        "piece "
            + cid
            + " has "
            + durableCopies
            + " durable copies on placement nodes, "
            + required
            + " required; failed: "
            + failedNodes,
        cause);
    this.cid = cid;
    this.durableCopies = durableCopies;
    this.required = required;
    this.failedNodes = List.copyOf(failedNodes);
  }

  /** The piece. */
  public Cid cid() {
    return cid;
  }

  /** Copies known durable on placement nodes when the write gave up. */
  public int durableCopies() {
    return durableCopies;
  }

  /** The success threshold. */
  public int required() {
    return required;
  }

  /** Ids of the placement nodes that failed or could not be reached. */
  public List<String> failedNodes() {
    return failedNodes;
  }
}
