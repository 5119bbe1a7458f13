package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.client.Signer;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.cluster.ClusterManager;
import io.ddc.cluster.ClusterOptions;
import io.ddc.cluster.NodeDescriptor;
import io.ddc.cluster.Ports;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster membership from a real dev chain: three members (two copies of each piece) that know each
 * other only from the chain's node list; the cluster manager removes one with {@code
 * DdcClusters.remove_node} while its process keeps running, and the other two take it out of
 * placement and re-replicate until both hold every piece.
 */
class ChainMembershipTest {
  private record Member(Vertx vertx, PieceStore store, ChainMembership source, ClusterManager m) {}

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void nodeRemovedOnChainLeavesPlacementAndItsPiecesAreRereplicated() throws Exception {
    try (DevnetChain chain = DevnetChain.start(0, dir.resolve("chain"))) {
      List<KeyPair> keys = new ArrayList<>();
      List<DevnetChain.NodeRegistration> regs = new ArrayList<>();
      int[] p2p = new int[3];
      for (int i = 0; i < 3; i++) {
        keys.add(Keys.generate(KeyScheme.ED25519));
        p2p[i] = freePort();
        regs.add(
            new DevnetChain.NodeRegistration(
                keys.get(i).publicKey(),
                "//membership-provider-" + i,
                DdcChain.NodeMode.STORAGE,
                1,
                1,
                p2p[i]));
      }
      chain.bootstrap(Keys.generate(KeyScheme.SR25519), regs, s -> {});

      List<Member> members = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          members.add(start(chain.ddc(), keys.get(i), p2p[i], i));
        }
        await(() -> members.stream().allMatch(x -> x.m().members().size() == 3), "3 members");

        Member writer = members.get(0);
        Member removed = members.get(2);
        String removedId = removed.m().nodeId();
        Random random = new Random(5);
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          byte[] content = new byte[1 + random.nextInt(40_000)];
          random.nextBytes(content);
          Cid cid = write(writer.store(), content);
          assertThat(get(writer.m().replicate(1, cid)).durableOn()).hasSize(2);
          cids.add(cid);
        }
        assertThat(cids.stream().filter(c -> holds(removed.store(), c)).count()).isPositive();

        chain
            .ddc()
            .removeNode(
                Signer.of(Keys.fromUri("//Alice", KeyScheme.SR25519)),
                DevnetChain.CLUSTER,
                keys.get(2).publicKey())
            .get(30, TimeUnit.SECONDS);
        assertThat(chain.ddc().nodesOfCluster(DevnetChain.CLUSTER).join()).hasSize(2);

        List<Member> rest = members.subList(0, 2);
        long removedAt = System.nanoTime();
        await(() -> rest.stream().allMatch(x -> x.m().members().size() == 2), "2 members");
        for (Cid cid : cids) {
          assertThat(writer.m().placement(cid))
              .extracting(NodeDescriptor::nodeId)
              .hasSize(2)
              .doesNotContain(removedId);
        }
        await(
            () ->
                cids.stream()
                    .allMatch(
                        cid ->
                            writer.m().placement(cid).stream()
                                .allMatch(d -> holds(storeOf(rest, d.nodeId()), cid))),
            "every piece on both remaining nodes");
        long repaired = (System.nanoTime() - removedAt) / 1_000_000;
        System.out.printf("redundancy restored %d ms after the removal was read%n", repaired);
        assertThat(rest.stream().mapToLong(x -> x.m().stats().repairCopies()).sum()).isPositive();
      } finally {
        for (Member x : members) {
          x.source().close();
          x.m().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          x.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          x.store().close();
        }
      }
    }
  }

  @Test
  void aChainEntryBecomesAMemberByHostElseDomainAndIsSkippedWithoutAP2pPort() {
    byte[] key = new byte[32];
    key[31] = 7;
    String id = HexFormat.of().formatHex(key);
    DdcChain.StorageNode byHost = node(key, "10.0.0.5", "n.example", 9071);
    DdcChain.StorageNode byDomain = node(key, "", "n.example", 9072);
    assertThat(ChainMembership.member(byHost))
        .isEqualTo(new io.ddc.cluster.ClusterMember(id, "10.0.0.5", 9071));
    assertThat(ChainMembership.member(byDomain))
        .isEqualTo(new io.ddc.cluster.ClusterMember(id, "n.example", 9072));
    assertThat(ChainMembership.member(node(key, "10.0.0.5", "", 0))).isNull();
    assertThat(ChainMembership.member(node(key, "", "", 9071))).isNull();
  }

  private static DdcChain.StorageNode node(byte[] key, String host, String domain, int p2p) {
    return new DdcChain.StorageNode(
        key,
        new byte[32],
        DevnetChain.CLUSTER,
        new DdcChain.NodeParams(DdcChain.NodeMode.STORAGE, host, domain, false, 80, 90, p2p));
  }

  private Member start(DdcChain ddc, KeyPair key, int p2pPort, int i) throws Exception {
    ChainMembership source = new ChainMembership(ddc, DevnetChain.CLUSTER, Duration.ofMillis(300));
    source.start().get(30, TimeUnit.SECONDS);
    assertThat(source.members()).get().asList().hasSize(3);
    Vertx vertx = Vertx.vertx();
    PieceStore store = PieceStore.openOrRecover(dir.resolve("n" + i), new StoreOptions(), c -> {});
    ClusterOptions o =
        new ClusterOptions()
            .setClusterId("chain-membership-" + ProcessHandle.current().pid())
            .setMembershipPort(freePort())
            .setP2pPort(p2pPort)
            .setReplicationTotal(2)
            .setRepairGracePeriod(Duration.ofMillis(300))
            .setHealthProbeInterval(Duration.ofMillis(500));
    ClusterManager m = get(ClusterManager.start(vertx, o, store, key, source));
    return new Member(vertx, store, source, m);
  }

  private static PieceStore storeOf(List<Member> members, String nodeId) {
    return members.stream()
        .filter(x -> x.m().nodeId().equals(nodeId))
        .findFirst()
        .orElseThrow()
        .store();
  }

  private static int freePort() {
    return Ports.reserve();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static Cid write(PieceStore store, byte[] content) throws Exception {
    PieceWriter w = store.newPiece(1, Cid.Codec.RAW);
    w.write(ByteBuffer.wrap(content)).get(10, TimeUnit.SECONDS);
    return w.commit().get(10, TimeUnit.SECONDS).cid();
  }

  private static boolean holds(PieceStore store, Cid cid) {
    return store.stat(cid).join().isPresent();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
