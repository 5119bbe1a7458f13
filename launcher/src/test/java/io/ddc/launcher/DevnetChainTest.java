package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.NodeCallException;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devnet with its chain: the cluster, its nodes and the root account's buckets and deposit are on
 * chain where the SDK looks for them, and a restart on the same data finds them instead of
 * bootstrapping again.
 */
class DevnetChainTest {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  void bootstrapsClusterNodesBucketsAndDepositOnChainOnce() throws Exception {
    Devnet.Options o = new Devnet.Options(dir, 2, 0, 0, 0, true);
    List<String> log = new ArrayList<>();
    String chainUrl;
    try (Devnet d = Devnet.start(o, log::add)) {
      DevnetDescriptor desc = DevnetDescriptor.read(d.descriptorFile());
      chainUrl = desc.chain();
      assertThat(chainUrl).startsWith("ws://127.0.0.1:");
      try (SubstrateClient c =
          SubstrateClient.connect(null, new ChainClientOptions().setUri(URI.create(chainUrl)))
              .join()) {
        DdcChain ddc = new DdcChain(c);
        byte[] root = Devnet.rootKey().publicKey();
        List<DdcChain.StorageNode> nodes = ddc.nodesOfCluster(DevnetChain.CLUSTER).join();
        assertThat(nodes).hasSize(2);
        assertThat(nodes)
            .extracting(n -> n.params().grpcPort())
            .containsExactlyInAnyOrderElementsOf(
                desc.nodes().stream().map(n -> URI.create(n.grpcUrl()).getPort()).toList());
        assertThat(nodes.get(0).pubKey())
            .isIn(
                Keys.fromUri(Devnet.nodeSecret(1), KeyScheme.ED25519).publicKey(),
                Keys.fromUri(Devnet.nodeSecret(2), KeyScheme.ED25519).publicKey());
        DdcChain.Bucket b1 = ddc.bucket(1).join().orElseThrow();
        DdcChain.Bucket b2 = ddc.bucket(2).join().orElseThrow();
        assertThat(b1.owner()).isEqualTo(root);
        assertThat(b1.isPublic()).isTrue();
        assertThat(b2.owner()).isEqualTo(root);
        assertThat(b2.isPublic()).isFalse();
        assertThat(ddc.deposit(DevnetChain.CLUSTER, root).join().orElseThrow().active())
            .isEqualTo(DevnetChain.CERE.multiply(BigInteger.valueOf(1000)));

        // The nodes read buckets from the chain: one created now is usable at once by its owner
        // only.
        var charlie = Keys.fromUri("//Charlie", KeyScheme.SR25519);
        long b3 = ddc.createBucket(Signer.of(charlie), DevnetChain.CLUSTER, false).join();
        assertThat(b3).isEqualTo(3);
        Vertx vertx = Vertx.vertx();
        try {
          List<String> urls = desc.nodes().stream().map(DevnetDescriptor.Node::grpcUrl).toList();
          try (DdcClient owner =
              DdcClient.create(
                  vertx,
                  new DdcClientOptions()
                      .nodes(urls)
                      .call(new NodeClientOptions().signer(charlie)))) {
            Cid cid =
                owner.storeBytes(b3, Buffer.buffer("on chain"), null).await(60, TimeUnit.SECONDS);
            assertThat(
                    owner
                        .readBytes(b3, cid.toString(), -1, -1)
                        .await(60, TimeUnit.SECONDS)
                        .toString())
                .isEqualTo("on chain");
          }
          // One cluster: what is stored through node 1 (with a name) is read through node 2.
          try (DdcClient viaFirst =
                  DdcClient.create(
                      vertx,
                      new DdcClientOptions()
                          .nodes(List.of(urls.get(0)))
                          .call(new NodeClientOptions().signer(charlie)));
              DdcClient viaSecond =
                  DdcClient.create(
                      vertx,
                      new DdcClientOptions()
                          .nodes(List.of(urls.get(1)))
                          .call(new NodeClientOptions().signer(charlie)))) {
            Cid cid =
                viaFirst
                    .storeBytes(b3, Buffer.buffer("across nodes"), "shared/name")
                    .await(60, TimeUnit.SECONDS);
            assertThat(
                    viaSecond
                        .readBytes(b3, "shared/name", -1, -1)
                        .await(60, TimeUnit.SECONDS)
                        .toString())
                .isEqualTo("across nodes");
            assertThat(
                    viaSecond
                        .readBytes(b3, cid.toString(), 0, 5)
                        .await(60, TimeUnit.SECONDS)
                        .toString())
                .isEqualTo("across");
          }
          try (DdcClient other =
              DdcClient.create(
                  vertx,
                  new DdcClientOptions()
                      .nodes(urls)
                      .call(
                          new NodeClientOptions()
                              .signer(Keys.fromUri("//Dave", KeyScheme.SR25519))))) {
            assertThatThrownBy(
                    () ->
                        other
                            .storeBytes(b3, Buffer.buffer("not mine"), null)
                            .await(60, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                    NodeCallException.class, e -> assertThat(e.status()).isEqualTo(7));
            assertThatThrownBy(
                    () ->
                        other
                            .storeBytes(99, Buffer.buffer("no bucket"), null)
                            .await(60, TimeUnit.SECONDS))
                .hasMessageContaining("no bucket");
          }
        } finally {
          vertx.close().await(30, TimeUnit.SECONDS);
        }
      }
    }
    assertThat(log).anyMatch(l -> l.contains("buckets 1 (public) and 2 (private) created"));
    log.clear();
    try (Devnet again = Devnet.start(o, log::add)) {
      assertThat(log).noneMatch(l -> l.contains("created"));
    }
  }

  @Test
  @Timeout(180)
  void usesARunningChainGivenByUrlAndLeavesItRunning() throws Exception {
    try (DevnetChain external = DevnetChain.start(0, dir.resolve("external-chain"))) {
      Devnet.Options o = new Devnet.Options(dir.resolve("net"), 1, 0, 0, 0, true, external.wsUrl());
      try (Devnet d = Devnet.start(o, line -> {})) {
        assertThat(DevnetDescriptor.read(d.descriptorFile()).chain()).isEqualTo(external.wsUrl());
      }
      // bootstrapped on the external chain, which outlives the devnet
      assertThat(external.ddc().bucket(1).join().orElseThrow().owner())
          .isEqualTo(Devnet.rootKey().publicKey());
      assertThat(external.ddc().nodesOfCluster(DevnetChain.CLUSTER).join()).hasSize(1);
    }
  }
}
