package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the DDC bootstrap and customer flows through {@code @polkadot/api} ({@code
 * src/test/js/ddc-flows.mjs}) against the dev chain running the runtime model.
 */
@Timeout(300)
class DdcFlowsConformanceTest {
  @TempDir Path dataDir;

  @Test
  void polkadotJsRunsTheDdcFlows() throws Exception {
    NodeScripts.ensureInstalled();
    DevChainOptions o = new DevChainOptions().setPort(0).setInstantSeal(true).setDataDir(dataDir);
    try (DevChain chain = DevChain.start(o, ChainRuntime.dev()).join()) {
      String out = NodeScripts.node("ddc-flows.mjs", 240, chain.wsUri().toString());
      assertThat(out).contains("checks passed");
    }
  }
}
