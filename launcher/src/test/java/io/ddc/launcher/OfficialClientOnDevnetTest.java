package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client (npm {@code @cere-ddc-sdk/ddc-client} 2.16.1, {@code
 * conformance/run-chain.mjs}) against a two-node devnet with its chain: a string {@code blockchain}
 * URL and no node list, so balances, deposits, unlocks, withdrawals and buckets go through the dev
 * chain and the client finds the bucket's nodes by reading the cluster from it. Installs the suite
 * with {@code npm ci} on first use; skipped when Node.js or npm is not installed.
 */
class OfficialClientOnDevnetTest {
  static final Path SUITE = Path.of("..", "conformance").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void officialClientDrivesTheChainAndFindsTheNodesOnIt() throws Exception {
    Path out = dir.resolve("npm.out");
    assumeTrue(
        run(out, Map.of(), 30, "node", "--version") == 0
            && run(out, Map.of(), 60, "npm", "--version") == 0,
        "node and npm are needed to run the official client; not installed");
    if (!Files.isDirectory(SUITE.resolve("node_modules/@cere-ddc-sdk/ddc-client"))
        || !Files.isDirectory(SUITE.resolve("node_modules/ws"))) {
      int ci = run(out, Map.of(), 900, "npm", "ci", "--no-audit", "--no-fund");
      assertThat(ci).as("npm ci:\n" + Files.readString(out)).isZero();
    }
    Path log = dir.resolve("run-chain.out");
    try (Devnet d =
        Devnet.start(new Devnet.Options(dir.resolve("devnet"), 2, 0, 0, 0, true), l -> {})) {
      String descriptor = d.descriptorFile().toAbsolutePath().toString();
      int exit = run(log, Map.of("DDC_DEVNET_JSON", descriptor), 420, "node", "run-chain.mjs");
      String text = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(text);
      assertThat(exit).as(text).isZero();
      assertThat(text).contains(" passed, 0 failed").doesNotContain("FAIL");
    }
  }

  /**
   * Runs {@code cmd} in the suite's directory with {@code env} added, appending its output to
   * {@code out}; its exit code, -1 when it cannot start (not installed), -2 on timeout.
   */
  private static int run(Path out, Map<String, String> env, long timeoutSeconds, String... cmd)
      throws InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(SUITE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException notInstalled) {
      return -1;
    }
    if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      return p.exitValue();
    }
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return -2;
  }
}
