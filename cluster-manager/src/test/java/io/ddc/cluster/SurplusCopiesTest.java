package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rebalancing ends with each replicated piece on exactly its placement nodes (cluster-transfer.md
 * §7): a node that no longer belongs to a piece's placement drops its copy once every placement
 * node confirmed one, and keeps it while one cannot; a joining node is sent each of its pieces
 * once.
 */
@Timeout(120)
class SurplusCopiesTest {
  private static final int PIECES = 40;

  @Test
  void aJoiningNodeTakesItsPiecesAndTheNodesItReplacedDropThem() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 3; i++) {
        h.start(i);
      }
      h.awaitMembers(3, h.nodes);
      List<Cid> cids = writeThrough(h.nodes.get(0), PIECES);
      for (Cid cid : cids) {
        for (ClusterHarness.Node n : h.nodes) {
          assertThat(holds(n.store(), cid)).isTrue(); // three nodes, three copies
        }
      }
      // a pass the third member's join triggered may have copied pieces written during it
      long sentBefore = repairCopies(h);
      ClusterHarness.Node joined = h.start(3);
      h.awaitMembers(4, h.nodes);
      long moved =
          cids.stream()
              .filter(
                  cid ->
                      joined.cluster().placement(cid).stream()
                          .anyMatch(d -> d.nodeId().equals(joined.cluster().nodeId())))
              .count();
      assertThat(moved).as("pieces the fourth node wins").isPositive();
      await(
          () -> cids.stream().allMatch(cid -> holders(h, cid).equals(placed(joined, cid))),
          Duration.ofSeconds(60),
          "every piece on exactly its placement nodes");
      // each piece the joiner wins comes from its first-ranked placement holder alone: the holder
      // it replaces leaves the copy to it and drops its own once a later pass confirmed it
      assertThat(repairCopies(h) - sentBefore).as("copies sent to the joiner").isEqualTo(moved);
      assertThat(h.nodes.stream().mapToLong(n -> n.cluster().stats().repairDropped()).sum())
          .as("copies dropped, counted in the nodes' stats")
          .isEqualTo(moved);
      assertThat(h.nodes)
          .allSatisfy(n -> assertThat(n.cluster().stats().repairPasses()).isPositive());
    }
  }

  @Test
  void aCopyIsKeptWhileOnePlacementNodeCannotConfirmIts() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 4; i++) {
        h.start(i);
      }
      h.awaitMembers(4, h.nodes);
      ClusterHarness.Node holder = h.nodes.get(0);
      // Pieces only the holder has and that placement gives to the three others.
      List<Cid> cids = new ArrayList<>();
      for (byte[] content :
          contents(3, cid -> !placed(holder, cid).contains(holder.cluster().nodeId()))) {
        cids.add(write(holder.store(), 1, content));
      }
      ClusterHarness.noteBucket(holder, 1); // as a client write would
      ClusterHarness.Node silent = h.nodes.get(1);
      get(silent.cluster().stopP2pServer()); // still a member, answers no P2P request
      RepairReport r = get(holder.cluster().repairNow());
      assertThat(r.surplusDropped()).isZero();
      for (Cid cid : cids) {
        assertThat(holds(holder.store(), cid)).as("%s kept", cid).isTrue();
      }
    }
  }

  @Test
  void aHolderOutsideThePlacementSendsItselfWhenTheCopiesItLeftDoNotArrive() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      for (int i = 0; i < 4; i++) {
        h.start(i);
      }
      h.awaitMembers(4, h.nodes);
      h.awaitFirstRepairPasses();
      ClusterHarness.Node outside = h.nodes.get(0);
      ClusterHarness.Node first = h.nodes.get(1);
      // Pieces that placement gives to nodes 1, 2 and 3, node 1 first, held by nodes 0 and 1 only.
      // Node 1 runs no pass (no membership change), so the copies node 0 leaves to it never come.
      List<Cid> cids = new ArrayList<>();
      for (byte[] content :
          contents(
              5,
              cid ->
                  outside.cluster().placement(cid).get(0).equals(first.cluster().self())
                      && !placed(outside, cid).contains(outside.cluster().nodeId()))) {
        write(first.store(), 1, content);
        cids.add(write(outside.store(), 1, content));
      }
      ClusterHarness.noteBucket(outside, 1);
      ClusterHarness.noteBucket(first, 1);
      long passesBefore = outside.cluster().stats().repairPasses();
      RepairReport left = get(outside.cluster().repairNow());
      assertThat(left.copiesMade()).isZero();
      assertThat(left.copiesDeferred()).as("copies left to node 1").isEqualTo(2L * cids.size());
      assertThat(left.surplusDropped()).isZero();
      // the next pass finds none of them arrived and leaves them again; the one after sends them
      await(
          () -> cids.stream().allMatch(cid -> holders(h, cid).equals(placed(outside, cid))),
          Duration.ofSeconds(30),
          "every piece on exactly its placement nodes");
      assertThat(outside.cluster().stats().repairCopies()).isEqualTo(2L * cids.size());
      assertThat(outside.cluster().stats().repairDeferred())
          .as("copies left in the two passes before it sent them")
          .isEqualTo(4L * cids.size());
      assertThat(first.cluster().stats().repairCopies()).isZero();
      assertThat(outside.cluster().stats().repairPasses() - passesBefore).isGreaterThanOrEqualTo(3);
    }
  }

  /** Five random pieces of 100 B to 5 KiB, from {@code seed}, whose CIDs {@code wanted} accepts. */
  private static List<byte[]> contents(long seed, Predicate<Cid> wanted) {
    Random random = new Random(seed);
    List<byte[]> found = new ArrayList<>();
    while (found.size() < 5) {
      byte[] content = new byte[100 + random.nextInt(5000)];
      random.nextBytes(content);
      if (wanted.test(Cid.compute(Cid.Codec.RAW, content))) {
        found.add(content);
      }
    }
    return found;
  }

  private static List<Cid> writeThrough(ClusterHarness.Node writer, int count) throws Exception {
    Random random = new Random(11);
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] content = new byte[100 + random.nextInt(20_000)];
      random.nextBytes(content);
      Cid cid = write(writer.store(), 1, content);
      assertThat(get(writer.cluster().replicate(1, cid)).durableOn())
          .hasSizeGreaterThanOrEqualTo(3);
      cids.add(cid);
    }
    return cids;
  }

  private static long repairCopies(ClusterHarness h) {
    return h.nodes.stream()
        .filter(n -> n.cluster() != null)
        .mapToLong(n -> n.cluster().stats().repairCopies())
        .sum();
  }

  private static Set<String> holders(ClusterHarness h, Cid cid) {
    return h.nodes.stream()
        .filter(n -> holds(n.store(), cid))
        .map(n -> n.cluster().nodeId())
        .collect(Collectors.toSet());
  }

  private static Set<String> placed(ClusterHarness.Node n, Cid cid) {
    return n.cluster().placement(cid).stream()
        .map(NodeDescriptor::nodeId)
        .collect(Collectors.toSet());
  }
}
