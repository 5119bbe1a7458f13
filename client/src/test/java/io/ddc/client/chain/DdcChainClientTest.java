package io.ddc.client.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.Signer;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import io.ddc.chain.dev.PalletRuntime;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.Genesis;
import io.ddc.pallets.runtime.RuntimeConfig;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's chain facade against the dev chain: deposits, buckets, balances, the cluster's nodes.
 */
@Timeout(120)
class DdcChainClientTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  @TempDir Path dataDir;

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void depositTopUpUnlockAndBucketsOfOneOwner() throws Exception {
    CereRuntime model =
        new CereRuntime(
            RuntimeConfig.dev(),
            Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
    KeyPair alice = Keys.fromUri("//Alice", KeyScheme.ED25519);
    KeyPair dave = Keys.fromUri("//Dave", KeyScheme.ED25519);
    try (DevChain chain =
        DevChain.start(
                new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir),
                new PalletRuntime(model))
            .join()) {
      DdcChainClientOptions o =
          new DdcChainClientOptions()
              .chainUri(chain.wsUri())
              .clusterId(DdcChainClientOptions.DEFAULT_CLUSTER_ID)
              .txTimeout(Duration.ofSeconds(30));
      try (DdcChainClient c = await(DdcChainClient.connect(null, o))) {
        c.pallets()
            .createCluster(
                Signer.of(alice),
                c.clusterId(),
                Keys.fromUri("//Bob", KeyScheme.ED25519).publicKey(),
                4,
                6,
                3,
                new DdcChain.ProtocolParams(
                    0,
                    0,
                    0,
                    CERE,
                    0,
                    0,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    BigInteger.ONE))
            .join();
        KeyPair fresh = Keys.fromUri("//fresh", KeyScheme.SR25519);
        await(c.transfer(alice, fresh.publicKey(), CERE.multiply(BigInteger.valueOf(7))));
        assertThat(await(c.balance(fresh.publicKey())).free())
            .isEqualTo(CERE.multiply(BigInteger.valueOf(7)));
        BigInteger before = await(c.balance(dave.publicKey())).free();
        assertThat(await(c.depositOf(dave.publicKey()))).isEmpty();

        await(c.deposit(dave, CERE.multiply(BigInteger.valueOf(100))));
        await(c.deposit(dave, CERE.multiply(BigInteger.valueOf(50))));
        DdcChain.Deposit d = await(c.depositOf(dave.publicKey())).orElseThrow();
        assertThat(d.active()).isEqualTo(CERE.multiply(BigInteger.valueOf(150)));
        assertThat(await(c.balance(dave.publicKey())).free())
            .isLessThan(before.subtract(CERE.multiply(BigInteger.valueOf(150))).add(CERE));

        await(c.unlock(dave, CERE.multiply(BigInteger.valueOf(40))));
        d = await(c.depositOf(dave.publicKey())).orElseThrow();
        assertThat(d.active()).isEqualTo(CERE.multiply(BigInteger.valueOf(110)));
        assertThat(d.unlocking())
            .extracting(DdcChain.Unlocking::value)
            .containsExactly(CERE.multiply(BigInteger.valueOf(40)));

        long a = await(c.createBucket(dave, true));
        long alices = await(c.createBucket(alice, false));
        long b = await(c.createBucket(dave, false));
        assertThat(await(c.bucketsOf(dave.publicKey())))
            .extracting(DdcChain.Bucket::id)
            .containsExactly(a, b);
        await(c.removeBucket(dave, a));
        assertThat(await(c.bucketsOf(dave.publicKey())))
            .extracting(DdcChain.Bucket::id)
            .containsExactly(b);
        assertThat(await(c.bucket(alices)).orElseThrow().isPublic()).isFalse();
        assertThatThrownBy(() -> await(c.removeBucket(dave, alices)))
            .hasMessageContaining("NotBucketOwner");
        assertThat(await(c.nodes())).isEmpty();
      }
    }
  }
}
