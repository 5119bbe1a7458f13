package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.read;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceStore;
import io.ddc.storage.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(120)
class ClusterManagerTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterManagerTest.class);

  /**
   * Four members: writes through one reach their three placement nodes, every member reads every
   * piece, a crashed member's replicas are rebuilt on the survivors.
   */
  @Test
  void writeReadCrashAndRepair(@TempDir Path dir) throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 4; i++) {
        if (i != 2) {
          h.start(i);
        } else { // one member on the real segment store
          h.start(
              i,
              PieceStore.openOrRecover(dir.resolve("n" + i), new StoreOptions(), c -> {}),
              o -> o);
        }
      }
      h.awaitMembers(4, h.nodes);
      ClusterHarness.Node writer = h.nodes.get(0);

      Random random = new Random(7);
      List<Cid> cids = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        byte[] content = new byte[1 + random.nextInt(i % 5 == 0 ? 3_000_000 : 20_000)];
        random.nextBytes(content);
        Cid cid = write(writer.store(), 1 + i % 2, content);
        ReplicationResult r = get(writer.cluster().replicate(1 + i % 2, cid));
        assertThat(r.durableOn()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.placement()).hasSize(3);
        cids.add(cid);
        contents.add(content);
      }
      // Acknowledged means durable on every placement node at that moment.
      for (Cid cid : cids) {
        for (NodeDescriptor d : writer.cluster().placement(cid)) {
          assertThat(holds(storeOf(h, d), cid)).as("%s on %s", cid, d.nodeId()).isTrue();
        }
      }
      // Crash a member holding replicas, without a goodbye; the survivors repair to 3 copies each.
      ClusterHarness.Node victim = h.nodes.get(1);
      long victimHeld = cids.stream().filter(cid -> holds(victim.store(), cid)).count();
      assertThat(victimHeld).isPositive();
      // Copies repair must make: survivors in each piece's post-crash placement lacking it now.
      List<PlacementNode> rest =
          h.nodes.stream()
              .filter(n -> n != victim)
              .map(n -> PlacementNode.of(n.cluster().nodeId()))
              .toList();
      long needed = 0;
      for (Cid cid : cids) {
        for (PlacementNode p : RendezvousPlacement.INSTANCE.place(cid, rest, 3)) {
          if (!holds(storeOf(h, p.id()), cid)) {
            needed++;
          }
        }
      }
      assertThat(needed).isPositive();
      String victimId = victim.cluster().nodeId();
      get(victim.cluster().crash());
      List<ClusterHarness.Node> survivors = List.of(h.nodes.get(0), h.nodes.get(2), h.nodes.get(3));
      long crashAt = System.nanoTime();
      h.awaitMembers(3, survivors);
      await(
          () ->
              cids.stream()
                  .allMatch(
                      cid ->
                          writer.cluster().placement(cid).stream()
                                  .filter(d -> !d.nodeId().equals(victimId))
                                  .filter(d -> holds(storeOf(h, d), cid))
                                  .count()
                              == 3),
          Duration.ofSeconds(60),
          "every piece has 3 copies on survivors");
      LOG.info(
          "replication factor restored {} ms after the crash; last repair on the writer: {}",
          (System.nanoTime() - crashAt) / 1_000_000,
          writer.cluster().lastRepair().orElse(null));
      long copiesNeeded = needed;
      await(
          () ->
              survivors.stream().mapToLong(n -> n.cluster().stats().repairCopies()).sum()
                  >= copiesNeeded,
          Duration.ofSeconds(10),
          "the survivors' repair counters reach " + copiesNeeded);
      assertThat(writer.cluster().stats().writesAcknowledged()).isEqualTo(cids.size());
      for (Cid cid : cids) {
        assertThat(writer.cluster().placement(cid))
            .extracting(NodeDescriptor::nodeId)
            .doesNotContain(victimId);
      }
      // Any surviving node serves any piece.
      for (ClusterHarness.Node n : survivors) {
        for (int i = 0; i < cids.size(); i++) {
          get(n.cluster().fetchFromPeers(cids.get(i)));
          assertThat(read(n.store(), cids.get(i))).isEqualTo(contents.get(i));
        }
      }
      // A piece nobody holds is a deterministic miss after asking everyone.
      Cid absent = Cid.compute(Cid.Codec.RAW, new byte[] {42});
      assertThatThrownBy(() -> get(h.nodes.get(2).cluster().fetchFromPeers(absent)))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              PieceUnavailableException.class,
              e -> {
                assertThat(e.notFoundAnywhere()).isTrue();
                assertThat(e.triedNodes()).hasSize(2);
              });
    }
  }

  private static PieceStore storeOf(ClusterHarness h, NodeDescriptor d) {
    return storeOf(h, d.nodeId());
  }

  private static PieceStore storeOf(ClusterHarness h, String nodeId) {
    return h.storeOf(nodeId);
  }
}
