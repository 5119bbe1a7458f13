package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.read;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.cluster.erasure.ShardCodec;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.ddc.storage.PieceInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ErasureCodingTest {

  /**
   * Four members, pieces of 1 MiB and more stored as 2-of-3 shards. A 3 MiB piece leaves no whole
   * copy on any other node and one shard (half the piece) on each of its three shard holders, while
   * a small piece is still copied three times. A shard holder crashes: repair on the writer puts
   * shard i on its new holder, which may now be the fourth node. Then the writer crashes too: the
   * remaining two nodes hold two distinct shards only because of that repair, and rebuild the piece
   * byte-identical.
   */
  @Test
  void largePiecesTravelAsShardsAreRepairedAndRebuilt() throws Exception {
    try (ClusterHarness h = fourMembers()) {
      Random random = new Random(3);
      byte[] large = new byte[3 * 1024 * 1024 + 5];
      random.nextBytes(large);
      byte[] small = new byte[10_000];
      random.nextBytes(small);
      Cid largeCid = Cid.compute(Cid.Codec.RAW, large);
      List<NodeDescriptor> holders = h.nodes.get(0).cluster().shardHolders(largeCid, 3);
      ClusterHarness.Node writer = node(h, holders.get(0));
      ClusterHarness.Node holder = node(h, holders.get(1));

      assertThat(write(writer.store(), 7, large)).isEqualTo(largeCid);
      ReplicationResult r = get(writer.cluster().replicate(7, largeCid));
      assertThat(r.durableOn()).hasSize(3);
      Cid smallCid = write(writer.store(), 7, small);
      get(writer.cluster().replicate(7, smallCid));

      for (ClusterHarness.Node n : h.nodes) {
        assertThat(holds(n.store(), largeCid)).as("a whole copy on %s", n).isEqualTo(n == writer);
        assertThat(shards(n).size()).isEqualTo(holders.contains(n.cluster().self()) ? 1 : 0);
      }
      assertThat(shards(writer).getFirst().size()).isEqualTo(64 + (large.length + 1) / 2);
      for (NodeDescriptor d : writer.cluster().placement(smallCid)) {
        assertThat(holds(h.storeOf(d.nodeId()), smallCid)).isTrue();
      }

      get(holder.cluster().crash());
      List<ClusterHarness.Node> three = new ArrayList<>(h.nodes);
      three.remove(holder);
      h.awaitMembers(3, three);
      byte[][] records = ShardCodec.of(2, 1).encode(large, largeCid.toBytes());
      List<NodeDescriptor> newRanking = writer.cluster().shardHolders(largeCid, 3);
      assertThat(newRanking).hasSize(3).doesNotContain(holder.cluster().self());
      await(
          () -> {
            for (int i = 0; i < records.length; i++) {
              if (!holds(
                  node(h, newRanking.get(i)).store(), Cid.compute(Cid.Codec.RAW, records[i]))) {
                return false;
              }
            }
            return true;
          },
          Duration.ofSeconds(30),
          "repair put shard i on its holder among the three");

      get(writer.cluster().crash());
      List<ClusterHarness.Node> two = new ArrayList<>(three);
      two.remove(writer);
      h.awaitMembers(2, two);
      ClusterHarness.Node reader = two.getFirst();
      PieceInfo rebuilt = get(reader.cluster().fetchFromPeers(largeCid));
      assertThat(rebuilt.bucketId()).isEqualTo(7);
      assertThat(read(reader.store(), largeCid)).isEqualTo(large);
      get(reader.cluster().fetchFromPeers(smallCid));
      assertThat(read(reader.store(), smallCid)).isEqualTo(small);
    }
  }

  /**
   * Repair rebuilds a piece that exists only as shards (decision 0066). A 3 MiB piece is written
   * through a node that is also one of its shard nodes, so that node's crash takes the only whole
   * copy and a shard. The survivors' repair decodes the piece from the two shards left, puts shard
   * i on its new holder and drops the rebuilt copy; a second crash then still leaves a readable
   * piece.
   */
  @Test
  void aPieceWithoutWholeCopyIsRebuiltFromShardsOnRepair() throws Exception {
    try (ClusterHarness h = fourMembers()) {
      ClusterHarness.Node writer = h.nodes.get(0);
      Random random = new Random(5);
      byte[] large = new byte[3 * 1024 * 1024 + 11];
      Cid cid;
      do { // a piece one of whose shards the writer holds
        random.nextBytes(large);
        cid = Cid.compute(Cid.Codec.RAW, large);
      } while (!writer.cluster().shardHolders(cid, 3).contains(writer.cluster().self()));
      write(writer.store(), 7, large);
      assertThat(get(writer.cluster().replicate(7, cid)).durableOn()).hasSize(3);
      for (ClusterHarness.Node n : h.nodes) {
        assertThat(holds(n.store(), cid)).isEqualTo(n == writer); // the only whole copy
      }

      get(writer.cluster().crash());
      List<ClusterHarness.Node> three = new ArrayList<>(h.nodes.subList(1, 4));
      h.awaitMembers(3, three);
      byte[][] shards = ShardCodec.of(2, 1).encode(large, cid.toBytes());
      List<NodeDescriptor> holders = three.getFirst().cluster().shardHolders(cid, 3);
      assertThat(holders).hasSize(3).doesNotContain(writer.cluster().self());
      Cid piece = cid;
      await(
          () -> {
            for (int i = 0; i < shards.length; i++) {
              if (!holds(
                  h.storeOf(holders.get(i).nodeId()), Cid.compute(Cid.Codec.RAW, shards[i]))) {
                return false;
              }
            }
            return three.stream().noneMatch(n -> holds(n.store(), piece));
          },
          Duration.ofSeconds(60),
          "shard i on its new holder, and no whole copy kept");

      // Each shard now sits on its own node: any two of the three rebuild the piece.
      ClusterHarness.Node lost = three.getFirst();
      get(lost.cluster().crash());
      List<ClusterHarness.Node> two = three.subList(1, 3);
      h.awaitMembers(2, two);
      ClusterHarness.Node reader = two.getFirst();
      get(reader.cluster().fetchFromPeers(cid));
      assertThat(read(reader.store(), cid)).isEqualTo(large);
    }
  }

  /**
   * A joining node moves shards (it becomes the holder of some), and the nodes that held the moved
   * shards drop their records once the new holder confirmed its own (placement.md §5.4): afterwards
   * every shard record in the cluster sits on its shard holder and nowhere else, and the pieces
   * still rebuild from the shards alone.
   */
  @Test
  void shardRecordsAJoinMovedAreDroppedWhereTheyWere() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      Written w = threeMembersWrite(h, 8, 11);
      for (ClusterHarness.Node n : h.nodes) {
        assertThat(shards(n)).hasSize(w.cids.size()); // three nodes: one shard of each piece each
      }
      long moved = w.joinAndAwaitLayout(h);
      assertThat(h.nodes.stream().mapToLong(n -> n.cluster().stats().repairDropped()).sum())
          .as("records dropped, counted in the nodes' stats")
          .isEqualTo(moved);

      // The writer held the only whole copies: without it, the pieces come back from shards.
      get(w.writer.cluster().crash());
      List<ClusterHarness.Node> three = new ArrayList<>(h.nodes.subList(1, 4));
      h.awaitMembers(3, three);
      for (int p = 0; p < w.cids.size(); p++) {
        ClusterHarness.Node reader = three.get(p % 3);
        get(reader.cluster().fetchFromPeers(w.cids.get(p)));
        assertThat(read(reader.store(), w.cids.get(p))).isEqualTo(w.pieces.get(p));
      }
    }
  }

  /**
   * When nobody re-sends a moved shard (here: the shard manifests are gone, so neither the writer
   * nor a manifest holder knows the shards), the node holding the old record leaves it to the new
   * holder twice, then sends it itself and drops its own (the eager pass of cluster-transfer.md
   * §7).
   */
  @Test
  void aStaleRecordNobodyElseSendsIsMovedByItsHolder() throws Exception {
    try (ClusterHarness h = new ClusterHarness(4)) {
      Written w = threeMembersWrite(h, 6, 13);
      for (ClusterHarness.Node n : h.nodes) {
        for (Cid cid : w.cids) {
          n.store()
              .deleteRecord(
                  ErasureCoordinator.SHARD_BUCKET,
                  ErasureCoordinator.MANIFEST_NAMESPACE,
                  cid.toBytes())
              .get(10, TimeUnit.SECONDS);
        }
      }
      long moved = w.joinAndAwaitLayout(h);
      assertThat(h.nodes.stream().mapToLong(n -> n.cluster().stats().repairDropped()).sum())
          .isEqualTo(moved);
      assertThat(h.nodes.stream().mapToLong(n -> n.cluster().stats().repairDeferred()).sum())
          .as("records first left to their new holders")
          .isGreaterThanOrEqualTo(2 * moved);
    }
  }

  /** Members 0–2 of {@code h} started; {@code count} pieces of 1 MiB+ written through member 0. */
  private static Written threeMembersWrite(ClusterHarness h, int count, long seed)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      start(h, i);
    }
    h.awaitMembers(3, h.nodes);
    Written w = new Written(h.nodes.get(0));
    Random random = new Random(seed);
    for (int p = 0; p < count; p++) {
      byte[] bytes = new byte[(1 << 20) + random.nextInt(100_000)];
      random.nextBytes(bytes);
      Cid cid = write(w.writer.store(), 7, bytes);
      assertThat(get(w.writer.cluster().replicate(7, cid)).durableOn()).hasSize(3);
      w.pieces.add(bytes);
      w.cids.add(cid);
    }
    return w;
  }

  /** Erasure-coded pieces written through {@code writer}. */
  private record Written(ClusterHarness.Node writer, List<byte[]> pieces, List<Cid> cids) {
    Written(ClusterHarness.Node writer) {
      this(writer, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Starts member 3, waits until every shard record sits on its holder among the four and nowhere
     * else, and returns how many records had to move.
     */
    long joinAndAwaitLayout(ClusterHarness h) throws Exception {
      Map<Cid, List<String>> before = layout(h);
      ClusterHarness.Node joined = start(h, 3);
      h.awaitMembers(4, h.nodes);
      Map<Cid, List<String>> expected = new HashMap<>();
      for (int p = 0; p < cids.size(); p++) {
        byte[][] records = ShardCodec.of(2, 1).encode(pieces.get(p), cids.get(p).toBytes());
        List<NodeDescriptor> holders = joined.cluster().shardHolders(cids.get(p), 3);
        for (int i = 0; i < records.length; i++) {
          expected.put(Cid.compute(Cid.Codec.RAW, records[i]), List.of(holders.get(i).nodeId()));
        }
      }
      assertThat(before.keySet()).isEqualTo(expected.keySet());
      long moved =
          expected.entrySet().stream()
              .filter(e -> !before.get(e.getKey()).equals(e.getValue()))
              .count();
      assertThat(moved).as("shard records whose holder changed").isPositive();
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Map<Cid, List<String>> actual = layout(h);
      while (!actual.equals(expected) && System.nanoTime() < until) {
        Thread.sleep(200);
        actual = layout(h);
      }
      assertThat(actual).as("every shard record on its holder alone").isEqualTo(expected);
      return moved;
    }
  }

  /** Which nodes hold each shard record. */
  private static Map<Cid, List<String>> layout(ClusterHarness h) {
    Map<Cid, List<String>> actual = new HashMap<>();
    for (ClusterHarness.Node n : h.nodes) {
      for (PieceInfo s : shards(n)) {
        actual.computeIfAbsent(s.cid(), k -> new ArrayList<>()).add(n.cluster().nodeId());
      }
    }
    return actual;
  }

  /** Four started members that store pieces of 1 MiB and more as 2-of-3 shards. */
  private static ClusterHarness fourMembers() throws Exception {
    ClusterHarness h = new ClusterHarness(4);
    for (int i = 0; i < 4; i++) {
      start(h, i);
    }
    h.awaitMembers(4, h.nodes);
    return h;
  }

  private static ClusterHarness.Node start(ClusterHarness h, int i) throws Exception {
    return h.start(
        i,
        new InMemoryPieceStore(),
        o -> o.setErasureCoding(1 << 20, 2, 3, 3).setTransferTimeout(Duration.ofSeconds(30)));
  }

  private static ClusterHarness.Node node(ClusterHarness h, NodeDescriptor d) {
    return h.nodes.stream().filter(n -> n.cluster().self().equals(d)).findFirst().orElseThrow();
  }

  private static List<PieceInfo> shards(ClusterHarness.Node n) {
    try {
      return n.store().list(ErasureCoordinator.SHARD_BUCKET).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
