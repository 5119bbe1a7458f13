package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.ExtrinsicFailedException;
import io.ddc.chain.client.InvalidTransactionException;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxOptions;
import io.ddc.chain.client.TxResult;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.Genesis;
import io.ddc.pallets.runtime.RuntimeConfig;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime model behind the dev chain, driven by our own client with ed25519 dev accounts:
 * transfers, events, module errors, refusals, and balances that survive a restart.
 */
@Timeout(120)
class PalletRuntimeOnDevChainTest {
  static final BigInteger CERE = RuntimeConfig.CERE;
  @TempDir Path dataDir;
  DevChain chain;
  SubstrateClient client;
  final KeyPair alice = Keys.fromUri("//Alice", KeyScheme.ED25519);
  final KeyPair bob = Keys.fromUri("//Bob", KeyScheme.ED25519);

  private static PalletRuntime runtime() {
    return new PalletRuntime(
        new CereRuntime(
            RuntimeConfig.dev(),
            Genesis.of(KeyScheme.ED25519, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT)));
  }

  private void start() {
    chain =
        DevChain.start(
                new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir),
                runtime())
            .join();
    client = SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  static byte[] transferKeepAlive(byte[] dest, BigInteger value) {
    return new ScaleWriter().u8(6).u8(3).u8(0).raw(dest).compact(value).toByteArray();
  }

  @Test
  void transfersLandWithEventsAndSurviveARestart() {
    start();
    BigInteger bobBefore = client.account(bob.publicKey()).join().free();
    TxResult r =
        client
            .submitAndWatch(
                Signer.of(alice),
                transferKeepAlive(bob.publicKey(), CERE.multiply(BigInteger.valueOf(7))),
                TxOptions.DEFAULT)
            .join();
    assertThat(r.event("Balances", "Transfer")).isNotNull();
    assertThat(r.event("System", "ExtrinsicSuccess")).isNotNull();
    assertThat(r.event("TransactionPayment", "TransactionFeePaid")).isNotNull();
    BigInteger bobAfter = client.account(bob.publicKey()).join().free();
    assertThat(bobAfter).isEqualTo(bobBefore.add(CERE.multiply(BigInteger.valueOf(7))));
    assertThat(client.nextNonce(alice.publicKey()).join()).isEqualTo(1);

    assertThatThrownBy(
            () ->
                client
                    .submitAndWatch(
                        Signer.of(bob),
                        transferKeepAlive(alice.publicKey(), BigInteger.TEN.pow(30)),
                        TxOptions.DEFAULT)
                    .join())
        .cause()
        .isInstanceOf(ExtrinsicFailedException.class)
        .hasMessageContaining("FundsUnavailable");
    assertThatThrownBy(
            () ->
                client
                    .submitAndWatch(
                        Signer.of(alice),
                        transferKeepAlive(bob.publicKey(), CERE),
                        TxOptions.DEFAULT.withNonce(0))
                    .join())
        .cause()
        .isInstanceOf(InvalidTransactionException.class);

    BigInteger bobBeforeRestart = client.account(bob.publicKey()).join().free();
    assertThat(bobBeforeRestart).isLessThan(bobAfter); // the failed transfer paid its fee
    client.close();
    chain.close();
    client = null;
    start();
    assertThat(client.account(bob.publicKey()).join().free()).isEqualTo(bobBeforeRestart);
    client
        .submitAndWatch(
            Signer.of(alice), transferKeepAlive(bob.publicKey(), CERE), TxOptions.DEFAULT)
        .join();
    assertThat(client.account(bob.publicKey()).join().free()).isEqualTo(bobBeforeRestart.add(CERE));
  }
}
