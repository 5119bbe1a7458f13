package io.ddc.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Who may be in the cluster: the authoritative node list (for a DDC cluster, the chain's {@code
 * DdcClusters.ClustersNodes}; docs/spec/placement.md §4.1). A node that is not in the list is
 * excluded from the live set, from placement and from the P2P endpoint even while its process runs;
 * the members also serve as the discovery addresses of the Hazelcast join.
 *
 * <p>Implementations keep a snapshot and refresh it on their own schedule; {@link #members()} is a
 * plain read that never blocks (it is called from Hazelcast and Vert.x threads).
 */
public interface MemberSource {
  /**
   * The admitted nodes; empty when the source has no list for the cluster (for example the cluster
   * is not registered yet), in which case every node that joins with the cluster's name is
   * admitted, as without a source. A source that cannot reach its backend keeps its last list.
   */
  Optional<List<ClusterMember>> members();

  /**
   * Registers {@code onChange}, called (on any thread, without locks held) after {@link #members()}
   * changed.
   */
  void subscribe(Runnable onChange);
}
