package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddc devnet} as a user runs it: a child JVM that writes devnet.json once its nodes answer,
 * and on SIGTERM deletes the file and exits 0.
 */
class DevnetProcessTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void devnetDescribesLiveNodesAndStopsCleanlyOnSigterm() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--") || a.startsWith("-D") || a.startsWith("-X"))
            .filter(a -> !a.startsWith("-Xrunjdwp") && !a.startsWith("-agentlib"))
            .toList());
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.ddc.launcher.Main",
            "devnet",
            "--data-dir",
            dir.toString(),
            "--nodes",
            "2",
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--no-chain"));
    Path log = dir.resolve("devnet.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path file = dir.resolve("devnet.json");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.exists(file)) {
        assertThat(p.isAlive()).as("devnet exited early:%n%s", Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("devnet.json never appeared").isLessThan(deadline);
        Thread.sleep(100);
      }
      DevnetDescriptor d = DevnetDescriptor.read(file);
      assertThat(d.nodes()).hasSize(2);
      assertThat(d.chain()).isNull();
      assertThat(d.buckets()).extracting(DevnetDescriptor.Bucket::id).containsExactly(1L, 2L);
      assertThat(d.accounts().get(0).address())
          .isEqualTo("6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (DevnetDescriptor.Node n : d.nodes()) {
        HttpResponse<String> info =
            http.send(
                HttpRequest.newBuilder(URI.create(n.httpUrl() + "/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"nodeId\":\"" + n.id() + "\"").contains("\"Full\"");
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create(n.httpUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      }

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("devnet did not stop on SIGTERM").isTrue();
      assertThat(p.exitValue()).as(Files.readString(log)).isIn(0, 143);
      assertThat(file).as("devnet.json is deleted on a clean stop").doesNotExist();
      // the nodes leave their cluster one by one through its master, which leaves last: no member
      // sees another vanish
      String out = Files.readString(log);
      assertThat(out.substring(out.indexOf("devnet ready")))
          .doesNotContain("suspected to be dead")
          .doesNotContain("Removing connection");
    } finally {
      p.destroyForcibly();
    }
  }
}
