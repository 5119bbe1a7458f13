package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class MemberSourceTest {

  /**
   * Four members that know each other only through the source (no static seeds, discovery through
   * the membership endpoint); two copies per piece. Dropping a running member from the list takes
   * it out of every placement, its P2P writes are refused, and the others re-replicate until every
   * piece has two copies among the three that remain.
   */
  @Test
  void droppedMemberLeavesPlacementAndItsPiecesAreRereplicated() throws Exception {
    MemberList source = new MemberList();
    List<KeyPair> keys = new ArrayList<>();
    List<ClusterMember> listed = new ArrayList<>();
    int[] p2p = new int[4];
    for (int i = 0; i < 4; i++) {
      keys.add(Keys.generate(KeyScheme.ED25519));
      p2p[i] = ClusterHarness.freePort();
      listed.add(
          new ClusterMember(
              HexFormat.of().formatHex(keys.get(i).publicKey()), "127.0.0.1", p2p[i]));
    }
    source.set(listed);
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 4; i++) {
        h.start(i, keys.get(i), source, p2p[i]);
      }
      h.awaitMembers(4, h.nodes);
      ClusterHarness.Node writer = h.nodes.get(0);
      ClusterHarness.Node dropped = h.nodes.get(3);
      String droppedId = dropped.cluster().nodeId();

      Random random = new Random(11);
      List<Cid> cids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        byte[] content = new byte[1 + random.nextInt(50_000)];
        random.nextBytes(content);
        Cid cid = write(writer.store(), 1, content);
        assertThat(get(writer.cluster().replicate(1, cid)).durableOn()).hasSize(2);
        cids.add(cid);
      }
      long onDropped = cids.stream().filter(c -> holds(dropped.store(), c)).count();
      assertThat(onDropped).as("pieces placed on the member to be dropped").isPositive();

      source.set(listed.subList(0, 3));
      List<ClusterHarness.Node> rest = h.nodes.subList(0, 3);
      h.awaitMembers(3, rest);
      for (Cid cid : cids) {
        assertThat(writer.cluster().placement(cid))
            .extracting(NodeDescriptor::nodeId)
            .hasSize(2)
            .doesNotContain(droppedId);
      }
      // The dropped member is still running, but its internal writes are refused.
      Cid own = write(dropped.store(), 1, "written on the dropped node".getBytes());
      assertThatThrownBy(() -> get(dropped.cluster().replicate(1, own)))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ReplicationException.class);
      assertThat(rest).allMatch(n -> !holds(n.store(), own));

      long start = System.nanoTime();
      await(
          () ->
              cids.stream()
                  .allMatch(
                      cid ->
                          writer.cluster().placement(cid).stream()
                              .allMatch(d -> holds(h.storeOf(d.nodeId()), cid))),
          Duration.ofSeconds(30),
          "every piece held by both of its placement nodes among the remaining three");
      assertThat(rest.stream().mapToLong(n -> n.cluster().stats().repairCopies()).sum())
          .isGreaterThanOrEqualTo(1);
      assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(30);

      // Listed again: it is back in the live set and in placement.
      source.set(listed);
      h.awaitMembers(4, h.nodes);
    }
  }
}
