package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.read;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.ddc.storage.PieceInfo;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ErasureCodingTest {

  /**
   * Four members, pieces of 1 MiB and more stored as 2-of-3 shards: a 3 MiB piece leaves no whole
   * copy on any other node, only one shard per placement node (half the piece each), while a small
   * piece is still copied three times; after the writer crashes, another node rebuilds the large
   * piece from the remaining shards, byte-identical.
   */
  @Test
  void largePiecesTravelAsShardsAndAreRebuiltWithoutTheWriter() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 4; i++) {
        h.start(i, new InMemoryPieceStore(), o -> o.setErasureCoding(1 << 20, 2, 3, 3));
      }
      h.awaitMembers(4, h.nodes);
      ClusterHarness.Node writer = h.nodes.get(0);
      Random random = new Random(3);
      byte[] large = new byte[3 * 1024 * 1024 + 5];
      random.nextBytes(large);
      byte[] small = new byte[10_000];
      random.nextBytes(small);

      Cid largeCid = write(writer.store(), 7, large);
      ReplicationResult r = get(writer.cluster().replicate(7, largeCid));
      assertThat(r.durableOn()).hasSize(3);
      Cid smallCid = write(writer.store(), 7, small);
      get(writer.cluster().replicate(7, smallCid));

      for (ClusterHarness.Node n : h.nodes.subList(1, 4)) {
        assertThat(holds(n.store(), largeCid)).as("a whole copy on %s", n).isFalse();
      }
      for (NodeDescriptor d : writer.cluster().placement(smallCid)) {
        assertThat(holds(h.storeOf(d.nodeId()), smallCid)).isTrue();
      }
      long shardBytes = 0;
      int shards = 0;
      for (ClusterHarness.Node n : h.nodes) {
        List<PieceInfo> held =
            n.store().list(ErasureCoordinator.SHARD_BUCKET).get(10, TimeUnit.SECONDS);
        shards += held.size();
        shardBytes += held.stream().mapToLong(PieceInfo::size).sum();
      }
      assertThat(shards).isEqualTo(3);
      assertThat(shardBytes).isEqualTo(3L * (28 + (large.length + 1) / 2));

      get(writer.cluster().crash());
      List<ClusterHarness.Node> rest = h.nodes.subList(1, 4);
      h.awaitMembers(3, rest);
      ClusterHarness.Node reader = rest.getFirst();
      PieceInfo rebuilt = get(reader.cluster().fetchFromPeers(largeCid));
      assertThat(rebuilt.bucketId()).isEqualTo(7);
      assertThat(read(reader.store(), largeCid)).isEqualTo(large);
      get(reader.cluster().fetchFromPeers(smallCid));
      assertThat(read(reader.store(), smallCid)).isEqualTo(small);
    }
  }
}
