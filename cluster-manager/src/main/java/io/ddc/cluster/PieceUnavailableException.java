package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import java.util.List;

/**
 * No peer delivered a piece whose bytes match its CID. {@link #notFoundAnywhere()} is true when
 * every live node answered "not stored here": a deterministic miss (node protocol C8, {@code
 * NOT_FOUND}); otherwise some node failed or served corrupt bytes, and a retry may succeed.
 */
public final class PieceUnavailableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final transient Cid cid;
  private final boolean notFoundAnywhere;
  private final List<String> triedNodes;

  /** A failed cluster-wide lookup of {@code cid}. */
  public PieceUnavailableException(Cid cid, boolean notFoundAnywhere, List<String> triedNodes) {
    super(
        "piece "
            + cid
            + (notFoundAnywhere ? " is stored on none of " : " could not be fetched from ")
            + triedNodes.size()
            + " peers "
            + triedNodes);
    this.cid = cid;
    this.notFoundAnywhere = notFoundAnywhere;
    this.triedNodes = List.copyOf(triedNodes);
  }

  /** The piece. */
  public Cid cid() {
    return cid;
  }

  /** True when every peer asked answered that it does not hold the piece. */
  public boolean notFoundAnywhere() {
    return notFoundAnywhere;
  }

  /** Ids of the peers asked, in the order asked. */
  public List<String> triedNodes() {
    return triedNodes;
  }
}
