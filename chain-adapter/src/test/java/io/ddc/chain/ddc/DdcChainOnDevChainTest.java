package io.ddc.chain.ddc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.ExtrinsicFailedException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import io.ddc.chain.dev.PalletRuntime;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.Genesis;
import io.ddc.pallets.runtime.RuntimeConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed DDC API against the dev chain: the integration bootstrap's order (cluster, cluster
 * bond, node, bond, store, add) then a customer's bucket and deposit, all read back.
 */
@Timeout(120)
class DdcChainOnDevChainTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  @TempDir Path dataDir;

  @Test
  void bootstrapThenBucketAndDeposit() {
    CereRuntime model =
        new CereRuntime(
            RuntimeConfig.dev(),
            Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
    Signer alice = Signer.of(Keys.fromUri("//Alice", KeyScheme.ED25519));
    Signer bob = Signer.of(Keys.fromUri("//Bob", KeyScheme.ED25519));
    Signer charlie = Signer.of(Keys.fromUri("//Charlie", KeyScheme.ED25519));
    Signer dave = Signer.of(Keys.fromUri("//Dave", KeyScheme.ED25519));
    byte[] node = Keys.fromUri("//node-1", KeyScheme.ED25519).publicKey();
    byte[] cluster = new byte[20];
    cluster[19] = 1;
    try (DevChain chain =
            DevChain.start(
                    new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir),
                    new PalletRuntime(model))
                .join();
        SubstrateClient client =
            SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join()) {
      DdcChain ddc = new DdcChain(client);
      DdcChain.ProtocolParams params =
          new DdcChain.ProtocolParams(
              0,
              0,
              0,
              CERE.multiply(BigInteger.valueOf(100)),
              0,
              0,
              BigInteger.TEN,
              BigInteger.TEN,
              BigInteger.ONE,
              BigInteger.ONE);
      ddc.createCluster(alice, cluster, bob.accountId(), 4, 6, 3, params).join();
      assertThat(ddc.cluster(cluster).join().orElseThrow().status()).isEqualTo("Unbonded");
      ddc.bondCluster(bob, cluster).join();
      assertThat(ddc.cluster(cluster).join().orElseThrow().status()).isEqualTo("Bonded");
      DdcChain.NodeParams np =
          new DdcChain.NodeParams(
              DdcChain.NodeMode.STORAGE, "127.0.0.1", "", false, 8091, 9091, 9071);
      ddc.createNode(charlie, node, np).join();
      ddc.bond(charlie, charlie.accountId(), node, CERE.multiply(BigInteger.valueOf(200))).join();
      ddc.store(charlie, cluster).join();
      ddc.addNode(alice, cluster, node, false).join();
      List<DdcChain.StorageNode> nodes = ddc.nodesOfCluster(cluster).join();
      assertThat(nodes).hasSize(1);
      assertThat(nodes.get(0).pubKey()).isEqualTo(node);
      assertThat(nodes.get(0).clusterId()).isEqualTo(cluster);
      assertThat(nodes.get(0).params()).isEqualTo(np);

      long id = ddc.createBucket(dave, cluster, true).join();
      assertThat(id).isEqualTo(1);
      DdcChain.Bucket b = ddc.bucket(id).join().orElseThrow();
      assertThat(b.owner()).isEqualTo(dave.accountId());
      assertThat(b.isPublic()).isTrue();
      long second = ddc.createBucket(alice, cluster, false).join();
      assertThat(ddc.buckets().join())
          .extracting(DdcChain.Bucket::id)
          .containsExactlyInAnyOrder(id, second);
      ddc.deposit(dave, cluster, CERE.multiply(BigInteger.valueOf(100))).join();
      DdcChain.Deposit d = ddc.deposit(cluster, dave.accountId()).join().orElseThrow();
      assertThat(d.active()).isEqualTo(CERE.multiply(BigInteger.valueOf(100)));
      ddc.removeBucket(dave, id).join();
      assertThat(ddc.bucket(id).join().orElseThrow().isRemoved()).isTrue();
      byte[] unknown = new byte[20];
      assertThatThrownBy(() -> ddc.createBucket(dave, unknown, true).join())
          .cause()
          .isInstanceOf(ExtrinsicFailedException.class)
          .hasMessageContaining("ClusterDoesNotExist");
      assertThat(ddc.bucket(99).join()).isEmpty();
      ddc.activateClusterAsSudo(alice, cluster, params).join();
      assertThat(ddc.cluster(cluster).join().orElseThrow().status()).isEqualTo("Activated");
      assertThatThrownBy(() -> ddc.activateClusterAsSudo(alice, cluster, params).join())
          .cause()
          .isInstanceOf(ExtrinsicFailedException.class)
          .hasMessageContaining("UnexpectedClusterStatus");
    }
  }
}
