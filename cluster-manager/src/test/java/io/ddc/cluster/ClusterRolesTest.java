package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.await;
import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.read;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ClusterRolesTest {

  /**
   * Three storage members, one serving corrupt bytes; a cache member reads everything correctly and
   * records the corrupt one as faulty; outsiders and writes to the cache member are refused; a
   * fourth storage member joins and receives the pieces it now wins.
   */
  @Test
  void faultsCacheNodesOutsidersAndRebalancing() throws Exception {
    try (ClusterHarness h = new ClusterHarness(5)) {
      CorruptingPieceStore faulty = new CorruptingPieceStore(new InMemoryPieceStore());
      ClusterHarness.Node writer = h.start(0);
      ClusterHarness.Node bad = h.start(1, faulty, o -> o);
      h.start(2);
      ClusterHarness.Node cache =
          h.start(3, new InMemoryPieceStore(), o -> o.setMode(NodeMode.CACHE));
      h.awaitMembers(4, h.nodes);

      Random random = new Random(11);
      List<Cid> cids = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        byte[] content = new byte[1 + random.nextInt(50_000)];
        random.nextBytes(content);
        Cid cid = write(writer.store(), 5, content);
        get(writer.cluster().replicate(5, cid));
        cids.add(cid);
        contents.add(content);
      }
      for (Cid cid : cids) {
        assertThat(writer.cluster().placement(cid))
            .extracting(NodeDescriptor::mode)
            .containsOnly(NodeMode.STORAGE)
            .hasSize(3);
      }

      faulty.corrupt = true;
      String badId = bad.cluster().nodeId();
      long badFirst =
          cids.stream()
              .filter(c -> cache.cluster().placement(c).getFirst().nodeId().equals(badId))
              .count();
      assertThat(badFirst).as("pieces whose first choice is the corrupt node").isPositive();
      for (int i = 0; i < cids.size(); i++) {
        get(cache.cluster().fetchFromPeers(cids.get(i)));
        assertThat(read(cache.store(), cids.get(i))).isEqualTo(contents.get(i));
      }
      // Recorded at its first corrupt answer; from then on it is asked last, so the later pieces
      // it ranks first come from a healthy copy without asking it again.
      assertThat(badFirst).as("pieces whose first choice is the corrupt node").isGreaterThan(1);
      assertThat(cache.cluster().faultyNodes()).containsOnlyKeys(badId).containsEntry(badId, 1L);

      // A cache node holds no replicas and refuses them.
      assertThatThrownBy(
              () ->
                  ClusterHarness.getOnContext(
                      writer.vertx(),
                      () ->
                          writer
                              .cluster()
                              .client()
                              .push(cache.cluster().self(), 5, cids.get(0), 1)))
          .cause()
          .isInstanceOfSatisfying(
              TransferException.class, e -> assertThat(e.status()).isEqualTo(409));

      // A node outside the cluster (valid signature, unknown key) is refused.
      Vertx outsiderVertx = Vertx.vertx();
      try {
        P2pClient outsider =
            new P2pClient(
                outsiderVertx,
                ClusterHarness.fastOptions(),
                new P2pKeys(Keys.generate(KeyScheme.ED25519)),
                HexFormat.of().formatHex(Keys.generate(KeyScheme.ED25519).publicKey()),
                new InMemoryPieceStore(),
                Clock.systemUTC());
        assertThatThrownBy(
                () ->
                    ClusterHarness.getOnContext(
                        outsiderVertx,
                        () -> outsider.has(writer.cluster().self(), List.of(cids.get(0)))))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfSatisfying(
                TransferException.class, e -> assertThat(e.status()).isEqualTo(401));
        P2pClient stranger =
            new P2pClient(
                outsiderVertx,
                ClusterHarness.fastOptions(),
                new P2pKeys(STRANGER),
                HexFormat.of().formatHex(STRANGER.publicKey()),
                new InMemoryPieceStore(),
                Clock.systemUTC());
        assertThatThrownBy(
                () ->
                    ClusterHarness.getOnContext(
                        outsiderVertx,
                        () -> stranger.has(writer.cluster().self(), List.of(cids.get(0)))))
            .cause()
            .isInstanceOfSatisfying(
                TransferException.class, e -> assertThat(e.status()).isEqualTo(403));
      } finally {
        get(outsiderVertx.close());
      }

      // A new storage member joins: repair moves to it exactly the replicas it now wins.
      faulty.corrupt = false;
      ClusterHarness.Node joiner = h.start(4);
      h.awaitMembers(5, h.nodes);
      List<Cid> won =
          cids.stream()
              .filter(
                  c ->
                      writer.cluster().placement(c).stream()
                          .anyMatch(d -> d.nodeId().equals(joiner.cluster().nodeId())))
              .toList();
      assertThat(won).isNotEmpty();
      await(
          () -> won.stream().allMatch(c -> holds(joiner.store(), c)),
          Duration.ofSeconds(30),
          "the joiner holds the " + won.size() + " pieces it won");
      assertThat(cids.stream().filter(c -> holds(joiner.store(), c)).count()).isEqualTo(won.size());

      // A name overwritten through another node resolves to the latest version everywhere.
      byte[] name = "site".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ClusterHarness.Node other = h.nodes.get(2);
      assertThat(get(writer.cluster().putRecord(5, "cns", name, new byte[] {1}, 1)).durableOn())
          .hasSize(3);
      assertThat(get(cache.cluster().getRecord(5, "cns", name)))
          .contains(new VersionedRecord(1, new byte[] {1}));
      get(other.cluster().putRecord(5, "cns", name, new byte[] {2}, 2));
      get(writer.cluster().putRecord(5, "cns", name, new byte[] {3}, 1)); // late, older: loses
      for (ClusterHarness.Node n : h.nodes) {
        assertThat(get(n.cluster().getRecord(5, "cns", name)))
            .as("record seen through %s", n.cluster().nodeId())
            .contains(new VersionedRecord(2, new byte[] {2}));
      }
      assertThat(get(joiner.cluster().getRecord(5, "cns", new byte[] {9}))).isEmpty();

      // A member whose P2P endpoint stops answering is reported unhealthy while still a member.
      assertThat(writer.cluster().unhealthyNodes()).isEmpty();
      get(bad.cluster().stopP2pServer());
      await(
          () -> writer.cluster().unhealthyNodes().equals(java.util.Set.of(badId)),
          Duration.ofSeconds(10),
          "the writer reports the silent node unhealthy");
      assertThat(writer.cluster().members()).extracting(NodeDescriptor::nodeId).contains(badId);
      // Reads still succeed: the unhealthy node is asked last.
      Cid wonByBad =
          cids.stream()
              .filter(c -> joiner.cluster().placement(c).getFirst().nodeId().equals(badId))
              .findFirst()
              .orElse(cids.getFirst());
      ClusterHarness.Node fresh = h.nodes.get(3); // the cache node
      fresh.store().delete(wonByBad).get(10, java.util.concurrent.TimeUnit.SECONDS);
      get(fresh.cluster().fetchFromPeers(wonByBad));
      assertThat(read(fresh.store(), wonByBad)).isEqualTo(contents.get(cids.indexOf(wonByBad)));
    }
  }

  private static final io.ddc.crypto.KeyPair STRANGER = Keys.generate(KeyScheme.ED25519);
}
