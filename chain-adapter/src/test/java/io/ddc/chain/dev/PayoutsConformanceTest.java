package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payouts and verification pallets through {@code @polkadot/api} ({@code
 * src/test/js/payouts.mjs}): metadata decoding, the fingerprint hash, and a one-batch payout.
 */
@Timeout(300)
class PayoutsConformanceTest {
  @TempDir Path dataDir;

  @Test
  void polkadotJsDecodesAndRunsAPayout() throws Exception {
    NodeScripts.ensureInstalled();
    DevChainOptions o =
        new DevChainOptions()
            .setPort(0)
            .setInstantSeal(true)
            .setDataDir(dataDir)
            .setGenesisValidators(
                List.of(Keys.fromUri("//Charlie", KeyScheme.SR25519).publicKey()));
    try (DevChain chain = DevChain.start(o, ChainRuntime.dev()).join()) {
      String out = NodeScripts.node("payouts.mjs", 240, chain.wsUri().toString());
      assertThat(out).contains("checks passed");
    }
  }
}
