package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.InvalidTransactionException;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.client.TxResult;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SubstrateClient}'s connect, storage and submit-and-watch path against the dev chain's RPC.
 */
@Timeout(60)
class SubstrateClientOnDevChainTest {
  @TempDir Path dataDir;
  DevChain chain;
  SubstrateClient client;

  @BeforeEach
  void start() {
    chain =
        DevChain.start(
                new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir),
                new CountingRuntime())
            .join();
    client = SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join();
  }

  @AfterEach
  void stop() {
    client.close();
    chain.close();
  }

  @Test
  void connectReadsGenesisAndVersion() {
    assertThat(client.genesisHash()).isEqualTo(chain.genesisHash());
    assertThat(client.specVersion()).isEqualTo(7);
    assertThat(client.transactionVersion()).isEqualTo(3);
  }

  @Test
  void watchReturnsTheBlockAndIndexOfTheExtrinsic() {
    client.watch(CountingRuntime.xt(1, 0, 1), true).join();
    TxResult r = client.watch(CountingRuntime.xt(2, 0, 2), true).join();
    assertThat(r.index()).isZero();
    assertThat(r.blockHash()).startsWith("0x").hasSize(66);
    assertThat(r.events()).isEmpty(); // the double has no System.Events
    byte[] value = client.storage(CountingRuntime.payloadKey(new byte[] {2}), null).join();
    assertThat(value).containsExactly(2);
    byte[] account = HexFormat.of().parseHex("00".repeat(31) + "02");
    assertThat(client.nextNonce(account).join()).isEqualTo(1);
  }

  @Test
  void refusedExtrinsicFailsTheWatch() {
    assertThatThrownBy(() -> client.watch(CountingRuntime.xt(1, 0, 0xbb), true).join())
        .cause()
        .isInstanceOfSatisfying(
            InvalidTransactionException.class, e -> assertThat(e.isBadProof()).isTrue());
  }
}
