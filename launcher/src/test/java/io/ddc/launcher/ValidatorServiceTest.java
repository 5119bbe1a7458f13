package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddc validator} as a service manager runs it (the Ansible role's systemd unit): settings
 * only from the environment, healthy on {@code GET /health} once validating, stops on SIGTERM.
 */
class ValidatorServiceTest {
  @TempDir Path dir;

  @Test
  @Timeout(150)
  void runsFromItsEnvironmentAnswersHealthAndStopsOnSigterm() throws Exception {
    try (DevnetChain chain = DevnetChain.start(0, dir.resolve("chain"))) {
      chain.bootstrap(Devnet.rootKey(), List.of(), line -> {});
      KeyPair validator = Keys.fromUri("//Validator1", KeyScheme.SR25519);
      chain.installValidators(List.of(validator), line -> {});
      int port = io.ddc.cluster.Ports.reserve();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(a -> a.startsWith("--") || a.startsWith("-D") || a.startsWith("-X"))
              .filter(a -> !a.startsWith("-Xrunjdwp") && !a.startsWith("-agentlib"))
              .toList());
      cmd.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), "io.ddc.launcher.Main", "validator"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      Path log = dir.resolve("validator.log");
      pb.redirectOutput(log.toFile());
      pb.environment()
          .putAll(
              Map.of(
                  "BLOCKCHAIN_URL", chain.wsUrl(),
                  "CLUSTER_ID", "0x" + java.util.HexFormat.of().formatHex(DevnetChain.CLUSTER),
                  "VALIDATOR_SECRET_PHRASE", "//Validator1",
                  "DATA_DIR", dir.resolve("validator-data").toString(),
                  "HTTP_PORT", Integer.toString(port)));
      Process p = pb.start();
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        String body = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (body == null) {
          assertThat(p.isAlive()).as("validator exited early:%n%s", Files.readString(log)).isTrue();
          assertThat(System.nanoTime())
              .as("no /health answer:%n%s", Files.readString(log))
              .isLessThan(deadline);
          try {
            HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              body = r.body();
            }
          } catch (java.io.IOException notYet) {
            Thread.sleep(200);
          }
        }
        assertThat(body)
            .contains("\"status\":\"UP\"")
            .contains(Ss58.encode(validator.publicKey(), Ss58.CERE_PREFIX))
            .contains(java.util.HexFormat.of().formatHex(DevnetChain.CLUSTER));
        assertThat(Files.readString(log)).contains("validating cluster");
        assertThat(Files.readString(log)).doesNotContain("//Validator1");

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("validator ignored SIGTERM").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isIn(0, 143);
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
