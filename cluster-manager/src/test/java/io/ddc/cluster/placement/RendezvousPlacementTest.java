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
    Cid cid =
        Cid.compute(
            Cid.Codec.RAW, "Hello DDC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    List<PlacementNode> ranked =
        policy()
            .rank(
                cid,
                List.of(
                    PlacementNode.of("node-a"),
                    PlacementNode.of("node-b"),
                    PlacementNode.of("node-c"),
                    PlacementNode.of("node-d"),
                    PlacementNode.of("node-e")));
    assertThat(ranked.stream().map(PlacementNode::id).toList()).isEqualTo(SPEC_ORDER);
    assertThat(RendezvousPlacement.mix(0)).isEqualTo(0L);
    assertThat(RendezvousPlacement.mix(1)).isEqualTo(0x5692161d100b05e5L);
  }

  static final List<String> SPEC_ORDER = List.of("node-b", "node-e", "node-c", "node-a", "node-d");
}
