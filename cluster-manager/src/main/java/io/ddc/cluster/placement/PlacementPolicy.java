package io.ddc.cluster.placement;

import io.ddc.protocol.cid.Cid;
import java.util.Collection;
import java.util.List;

/**
 * Decides which nodes hold a piece. Implementations are pure functions of their arguments: the same
 * CID and node set give the same order on every node and in every process, which is what lets any
 * node find a piece without asking anyone. Contract suite: {@code PlacementPolicyContract} in this
 * module's test-jar.
 */
public interface PlacementPolicy {
  /**
   * All of {@code nodes}, most preferred first, for the piece {@code cid}. The first {@code r} are
   * the piece's replica set for a replication factor {@code r}. Duplicate ids are an {@link
   * IllegalArgumentException}.
   */
  List<PlacementNode> rank(Cid cid, Collection<PlacementNode> nodes);

  /**
   * The holders of the {@code shards} shards of the erasure-coded piece {@code cid}: element {@code
   * i} holds shard {@code i}. The holders are distinct while {@code shards <= nodes.size()}; with
   * fewer nodes, each holds at most {@code ⌈shards / nodes⌉}. Empty when {@code nodes} is. A node
   * joining or leaving should move few shards of each piece (docs/spec/placement.md §3.6).
   */
  List<PlacementNode> shardHolders(Cid cid, Collection<PlacementNode> nodes, int shards);

  /** The first {@code count} elements of {@link #rank} (all of them when fewer exist). */
  default List<PlacementNode> place(Cid cid, Collection<PlacementNode> nodes, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, " + count + " given");
    }
    List<PlacementNode> ranked = rank(cid, nodes);
    return ranked.size() <= count ? ranked : List.copyOf(ranked.subList(0, count));
  }
}
