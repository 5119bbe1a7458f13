package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * polkadot-js's provider and type layer ({@code src/test/js/rpc-conformance.mjs}) against the dev
 * chain's JSON-RPC: header hashes recomputed by polkadot-js, RuntimeVersion and TransactionStatus
 * decoding, subscriptions, error text.
 */
@Timeout(120)
class RpcConformanceTest {
  @TempDir Path dataDir;

  @Test
  void polkadotJsProviderConformance() throws Exception {
    NodeScripts.ensureInstalled();
    DevChainOptions o = new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir);
    try (DevChain chain = DevChain.start(o, new CountingRuntime()).join()) {
      String out = NodeScripts.node("rpc-conformance.mjs", 90, chain.wsUri().toString());
      assertThat(out).contains("checks passed");
    }
  }
}
