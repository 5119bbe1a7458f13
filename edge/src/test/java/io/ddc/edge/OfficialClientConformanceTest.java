package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the npm conformance suite ({@code conformance/run.mjs}: the official client 2.16.1 in Node
 * mode) against an in-process node in chain-less mode. Installs the suite with {@code npm ci} on
 * first use; skipped when Node.js is not installed.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class OfficialClientConformanceTest {
  static final Path SUITE = Path.of("..", "conformance").toAbsolutePath().normalize();

  /**
   * The official suite's sizes (128 MiB pieces over both transports, a 257 MiB multipart file and
   * its read without acks against the default 50 MiB quota) run by default, about a minute on a
   * quiet machine; {@code -Dddc.conformance.large=false} leaves them out for a quick local run.
   */
  static final boolean LARGE =
      !"false".equalsIgnoreCase(System.getProperty("ddc.conformance.large", "true"));

  /**
   * The SDK's own test identities (node-protocol.md §11.3): both buckets owned by the root account
   * (sr25519), the other user {@code //Bob} (sr25519). Key pairs sign the raw bytes.
   */
  static final String ROOT_MNEMONIC =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  static final String ROOT_SS58 = "6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP";

  @TempDir Path dir;

  static long quota() {
    return LARGE ? NodeOptions.DEFAULT_QUOTA_CAPACITY : 8L << 20;
  }

  @Test
  void officialClientPassesTheSuite() throws Exception {
    assumeTrue(
        exec(List.of("node", "--version"), Map.of(), 30).exit() == 0, "node is not installed");
    if (!Files.isDirectory(SUITE.resolve("node_modules/@cere-ddc-sdk/ddc-client"))
        || !Files.isDirectory(SUITE.resolve("node_modules/ws"))) {
      Result ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 900);
      assertThat(ci.exit()).as("npm ci:\n" + ci.out()).isZero();
    }
    Vertx vertx = Vertx.vertx();
    try {
      String owner = ROOT_SS58;
      DdcNode node =
          DdcNode.start(
                  vertx,
                  new NodeOptions()
                      .httpPort(0)
                      .grpcPort(0)
                      .dataDir(dir)
                      .storage(TestKeys.SMALL_STORE)
                      .quotaCapacity(quota())
                      .buckets(
                          List.of(
                              new NodeOptions.StaticBucket(1, owner, true),
                              new NodeOptions.StaticBucket(2, owner, false))))
              .await();
      Map<String, String> env =
          Map.of(
              "DDC_GRPC_URL",
              "grpc://127.0.0.1:" + node.grpcPort(),
              "DDC_HTTP_URL",
              "http://127.0.0.1:" + node.httpPort(),
              "DDC_SCHEME",
              "sr25519",
              "DDC_OWNER_URI",
              ROOT_MNEMONIC,
              "DDC_OTHER_URI",
              "//Bob",
              "DDC_QUOTA",
              Long.toString(quota()),
              "DDC_LARGE",
              LARGE ? "1" : "0");
      // native gRPC (grpc-js), then the WebSocket transport of the browser build
      Result grpc = exec(List.of("node", "run.mjs"), env, LARGE ? 1800 : 600);
      System.out.println(grpc.out());
      Result ws = exec(List.of("node", "run-ws.mjs"), env, 600);
      System.out.println(ws.out());
      node.close().await();
      assertThat(grpc.exit()).as(grpc.out()).isZero();
      assertThat(grpc.out()).contains(" passed, 0 failed");
      assertThat(ws.exit()).as(ws.out()).isZero();
      assertThat(ws.out()).contains(" passed, 0 failed");
    } finally {
      vertx.close().await();
    }
  }

  record Result(int exit, String out) {}

  static Result exec(List<String> cmd, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ddc-conformance-", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(SUITE.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        return new Result(-1, e.toString());
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-2, Files.readString(out, StandardCharsets.UTF_8) + "\n(timed out)");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
