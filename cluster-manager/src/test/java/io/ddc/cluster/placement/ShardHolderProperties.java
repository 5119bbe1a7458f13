package io.ddc.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link RendezvousPlacement#shardHolders} (placement.md §3.6) over random node sets,
 * weights and shard counts.
 */
class ShardHolderProperties {

  @Property(tries = 300)
  void everyNodeHoldsOneShardBeforeAnyHoldsTwo(
      @ForAll @IntRange(min = 1, max = 12) int nodeCount,
      @ForAll @IntRange(min = 1, max = 20) int shards,
      @ForAll long seed) {
    List<PlacementNode> nodes = nodes(nodeCount, new Random(seed));
    List<PlacementNode> holders = policy().shardHolders(cid(seed), nodes, shards);
    assertThat(holders).hasSize(shards);
    assertThat(nodes).containsAll(holders);
    for (int from = 0; from < shards; from += nodeCount) {
      List<PlacementNode> round = holders.subList(from, Math.min(shards, from + nodeCount));
      assertThat(round).doesNotHaveDuplicates();
    }
    List<PlacementNode> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(seed + 1));
    assertThat(policy().shardHolders(cid(seed), shuffled, shards)).isEqualTo(holders);
  }

  /**
   * A node that holds no shard of a piece can leave, or join, without moving any of the piece's
   * shards (while there are more nodes than shards, so that rounds do not change).
   */
  @Property(tries = 300)
  void aNodeThatHoldsNoShardMovesNone(
      @ForAll @IntRange(min = 2, max = 12) int nodeCount,
      @ForAll @IntRange(min = 1, max = 11) int shards,
      @ForAll long seed) {
    if (shards >= nodeCount) {
      shards = nodeCount - 1;
    }
    List<PlacementNode> nodes = nodes(nodeCount, new Random(seed));
    Cid cid = cid(seed);
    List<PlacementNode> holders = policy().shardHolders(cid, nodes, shards);
    for (PlacementNode n : nodes) {
      if (!new HashSet<>(holders).contains(n)) {
        List<PlacementNode> without = new ArrayList<>(nodes);
        without.remove(n);
        assertThat(policy().shardHolders(cid, without, shards)).isEqualTo(holders);
      }
    }
  }

  private static RendezvousPlacement policy() {
    return RendezvousPlacement.INSTANCE;
  }

  private static Cid cid(long seed) {
    return Cid.compute(Cid.Codec.RAW, ByteBuffer.allocate(8).putLong(seed).array());
  }

  /** Nodes {@code n-0 …} with weights between 0.5 and 4. */
  private static List<PlacementNode> nodes(int count, Random random) {
    List<PlacementNode> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new PlacementNode("n-" + i, 0.5 + random.nextDouble() * 3.5));
    }
    return out;
  }
}
