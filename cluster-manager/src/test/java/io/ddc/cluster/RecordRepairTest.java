package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Versioned records survive the loss of every node they were written to, as long as repair ran in
 * between (cluster-transfer.md §8.6): the repair pass sends each listed record to the placement
 * nodes that lack it, as it does for pieces.
 */
@Timeout(120)
class RecordRepairTest {
  private static final int RECORDS = 40;

  @Test
  void recordsOfTwoLostNodesSurviveWhenRepairRanBetweenTheLosses() throws Exception {
    try (ClusterHarness h = twoCopies(4)) {
      ClusterHarness.Node first = h.nodes.get(0);
      ClusterHarness.Node second = h.nodes.get(1);
      // Written through the first node: each record is on it and on its two placement nodes.
      List<PlacementNode> all =
          h.nodes.stream().map(n -> PlacementNode.of(n.cluster().nodeId())).toList();
      List<Integer> onlyOnFirstTwo = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        get(first.cluster().putRecord(7, "cns", key(i), value(i), 1000 + i));
        Cid pk = Records.placementKey(7, "cns", key(i));
        List<String> placed =
            RendezvousPlacement.INSTANCE.place(pk, all, 2).stream().map(PlacementNode::id).toList();
        if (placed.containsAll(List.of(first.cluster().nodeId(), second.cluster().nodeId()))) {
          onlyOnFirstTwo.add(i);
        }
      }
      assertThat(onlyOnFirstTwo).as("records placed on exactly the first two nodes").isNotEmpty();
      assertThat(first.cluster().records().addresses()).hasSize(RECORDS);

      get(first.cluster().crash());
      List<ClusterHarness.Node> three = h.nodes.subList(1, 4);
      h.awaitMembers(3, three);
      long sent = 0;
      for (ClusterHarness.Node n : three) {
        RepairReport r = get(n.cluster().repairNow());
        assertThat(r.copiesFailed()).isZero();
        sent += r.recordsCopied();
      }
      // at least one copy of each record that only the two first nodes held
      assertThat(sent).isGreaterThanOrEqualTo(onlyOnFirstTwo.size());

      get(second.cluster().crash());
      List<ClusterHarness.Node> two = h.nodes.subList(2, 4);
      h.awaitMembers(2, two);
      for (ClusterHarness.Node n : two) {
        for (int i = 0; i < RECORDS; i++) {
          Optional<VersionedRecord> r = get(n.cluster().getRecord(7, "cns", key(i)));
          assertThat(r).as("record %d through %s", i, n.cluster().nodeId()).isPresent();
          assertThat(r.get()).isEqualTo(new VersionedRecord(1000 + i, value(i)));
        }
      }
    }
  }

  @Test
  void aNewerVersionIsSentAndAnEqualOneIsNot() throws Exception {
    try (ClusterHarness h = twoCopies(2)) {
      ClusterHarness.Node a = h.nodes.get(0);
      ClusterHarness.Node b = h.nodes.get(1);
      get(a.cluster().putRecord(7, "cns", key(1), value(1), 5));
      assertThat(get(a.cluster().repairNow()).recordsCopied()).isZero(); // b holds the same
      // A newer version that reached only a (as after a failed fan-out): repair sends it to b.
      get(a.cluster().records().merge(7, "cns", key(1), new VersionedRecord(6, value(2))));
      RepairReport r = get(a.cluster().repairNow());
      assertThat(r.recordsScanned()).isEqualTo(1);
      assertThat(r.recordsCopied()).isEqualTo(1);
      assertThat(get(b.cluster().records().get(7, "cns", key(1))))
          .contains(new VersionedRecord(6, value(2)));
      // b's version is now the same: nothing more to send, and b sends nothing older back.
      assertThat(get(a.cluster().repairNow()).recordsCopied()).isZero();
      assertThat(get(b.cluster().repairNow()).recordsCopied()).isZero();
    }
  }

  /** {@code members} started members that keep two copies of everything. */
  private static ClusterHarness twoCopies(int members) throws Exception {
    ClusterHarness h = new ClusterHarness(members);
    for (int i = 0; i < members; i++) {
      h.start(
          i,
          new io.ddc.storage.InMemoryPieceStore(),
          o -> o.setReplicationTotal(2).setReplicationSuccessThreshold(2));
    }
    h.awaitMembers(members, h.nodes);
    return h;
  }

  private static byte[] key(int i) {
    return ("name-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ByteBuffer.allocate(12).putInt(i).putLong(i * 31L).array();
  }
}
