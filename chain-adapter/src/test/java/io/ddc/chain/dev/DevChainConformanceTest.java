package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code @polkadot/api} 16.x ({@code src/test/js/conformance.mjs}) against the dev chain in
 * this JVM, then restarts the chain on the same data directory and checks that balances, block
 * numbers and genesis survived.
 */
@Timeout(300)
class DevChainConformanceTest {
  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void polkadotJsConformanceAcrossARestart() throws Exception {
    // The runtime model's provider (PalletRuntime.DevProvider) must be registered.
    assertThat(ServiceLoader.load(ChainRuntime.Provider.class).findFirst())
        .as("ChainRuntime.Provider on the class path")
        .isPresent();
    // The dev genesis endows sr25519 accounts; polkadot-js signs with sr25519 //Alice.
    NodeScripts.ensureInstalled();
    DevChainOptions o = new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir);
    String state = work.resolve("state.json").toString();
    byte[] genesis;
    try (DevChain chain = DevChain.start(o, ChainRuntime.dev()).join()) {
      genesis = chain.genesisHash();
      String out =
          NodeScripts.node("conformance.mjs", 240, chain.wsUri().toString(), "main", state);
      assertThat(out).contains("checks passed");
    }
    try (DevChain chain = DevChain.start(o, ChainRuntime.dev()).join()) {
      assertThat(chain.genesisHash()).isEqualTo(genesis);
      String out =
          NodeScripts.node("conformance.mjs", 120, chain.wsUri().toString(), "restart", state);
      assertThat(out).contains("checks passed");
    }
  }
}
