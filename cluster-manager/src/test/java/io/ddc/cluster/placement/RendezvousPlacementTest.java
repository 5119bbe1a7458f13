package io.ddc.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousPlacementTest extends PlacementPolicyContract {

  @Override
  protected PlacementPolicy policy() {
    return RendezvousPlacement.INSTANCE;
  }

  @Test
  void primariesAreBalanced() {
    int n = 5;
    int pieces = 10_000;
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < pieces; i++) {
      counts.merge(policy().rank(cid(i), nodes(n)).getFirst().id(), 1, Integer::sum);
    }
    assertThat(counts).hasSize(n);
    counts.values().forEach(c -> assertThat(c).isBetween(1800, 2200));
  }

  @Test
  void weightsShiftTheShare() {
    List<PlacementNode> nodes =
        List.of(
            new PlacementNode("a", 1),
            new PlacementNode("b", 1),
            new PlacementNode("c", 2)); // expected share of primaries: 1/4, 1/4, 1/2
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 8000; i++) {
      counts.merge(policy().rank(cid(i), nodes).getFirst().id(), 1, Integer::sum);
    }
    assertThat(counts.get("c")).isBetween(3700, 4300);
    assertThat(counts.get("a")).isBetween(1800, 2200);
  }

  /** Vector of docs/spec/placement.md §3.4: changing it breaks every deployed cluster. */
  @Test
  void specVector() {
    List<PlacementNode> ranked = policy().rank(SPEC_CID, SPEC_NODES);
    assertThat(ranked.stream().map(PlacementNode::id).toList()).isEqualTo(SPEC_ORDER);
    assertThat(RendezvousPlacement.mix(0)).isEqualTo(0L);
    assertThat(RendezvousPlacement.mix(1)).isEqualTo(0x5692161d100b05e5L);
  }

  /**
   * Shard holders of docs/spec/placement.md §3.6 for the §3.4 piece and nodes: 3 shards, then 7
   * over the 5 nodes (a second round). Changing it moves every erasure-coded shard.
   */
  @Test
  void shardHolderVector() {
    Cid cid = SPEC_CID;
    List<PlacementNode> nodes = SPEC_NODES;
    assertThat(ids(policy().shardHolders(cid, nodes, 3))).isEqualTo(SHARD_HOLDERS.subList(0, 3));
    assertThat(ids(policy().shardHolders(cid, nodes, 7))).isEqualTo(SHARD_HOLDERS);
    // the rule written out: best score for key (mix(key0 + i + 1), key1) among this round's unused
    java.nio.ByteBuffer d =
        java.nio.ByteBuffer.wrap(cid.digest()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < 7; i++) {
      if (used.size() == nodes.size()) {
        used.clear();
      }
      String best = null;
      double bestScore = -1;
      for (PlacementNode n : nodes) {
        double sc =
            RendezvousPlacement.score(
                RendezvousPlacement.mix(d.getLong(0) + i + 1),
                d.getLong(8),
                RendezvousPlacement.seed(n.id()),
                1.0);
        if (!used.contains(n.id()) && sc > bestScore) {
          best = n.id();
          bestScore = sc;
        }
      }
      used.add(best);
      assertThat(SHARD_HOLDERS.get(i)).as("shard %d", i).isEqualTo(best);
    }
  }

  private static List<String> ids(List<PlacementNode> nodes) {
    return nodes.stream().map(PlacementNode::id).toList();
  }

  static final List<String> SHARD_HOLDERS =
      List.of("node-e", "node-b", "node-d", "node-c", "node-a", "node-c", "node-a");

  /** The piece of §3.4: the raw piece "Hello DDC". */
  static final Cid SPEC_CID =
      Cid.compute(Cid.Codec.RAW, "Hello DDC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  /** The nodes of §3.4, weight 1. */
  static final List<PlacementNode> SPEC_NODES =
      List.of("node-a", "node-b", "node-c", "node-d", "node-e").stream()
          .map(PlacementNode::of)
          .toList();

  static final List<String> SPEC_ORDER = List.of("node-b", "node-e", "node-c", "node-a", "node-d");
}
