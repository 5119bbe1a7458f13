package io.ddc.it;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import io.ddc.edge.DdcNode;
import io.ddc.edge.NodeOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** In-process nodes on ephemeral ports with the SDK test environment's buckets. */
final class Nodes {
  /** The SDK test environment's root account: owns buckets 1 (public) and 2 (private). */
  static final KeyPair ROOT =
      Keys.fromUri(
          "hybrid label reunion only dawn maze asset draft cousin height flock nation",
          KeyScheme.SR25519);

  private Nodes() {}

  static DdcNode start(Vertx vertx, Path dataDir, String id) throws Exception {
    return DdcNode.start(vertx, options(dataDir, id)).await(60, TimeUnit.SECONDS);
  }

  /**
   * A cluster member on ephemeral ports (membership, P2P, HTTP, gRPC) that joins {@code seeds}
   * ({@code host:port} of other members' membership ports; empty for the first member), with {@code
   * replicas} copies of each piece and record, all required before a write succeeds.
   */
  static DdcNode startMember(Vertx vertx, Path dataDir, String id, List<String> seeds, int replicas)
      throws Exception {
    return startMember(vertx, dataDir, id, seeds, replicas, o -> o);
  }

  /** Like the five-argument form, with the options adjusted by {@code adjust} before start. */
  static DdcNode startMember(
      Vertx vertx,
      Path dataDir,
      String id,
      List<String> seeds,
      int replicas,
      java.util.function.UnaryOperator<NodeOptions> adjust)
      throws Exception {
    NodeOptions o =
        options(dataDir, id)
            .membershipPort(0)
            .p2pPort(0)
            .clusterSeeds(seeds)
            .replication(replicas, replicas);
    return DdcNode.start(vertx, adjust.apply(o)).await(60, TimeUnit.SECONDS);
  }

  private static NodeOptions options(Path dataDir, String id) {
    String owner = Ss58.encode(ROOT.publicKey(), Ss58.CERE_PREFIX);
    return new NodeOptions()
        .nodeId(id)
        // Fixed (free) ports rather than 0: only then does a node run one server instance per core,
        // so these tests exercise the multi-instance servers that production nodes run.
        .httpPort(freePort())
        .grpcPort(freePort())
        .dataDir(dataDir)
        .buckets(
            List.of(
                new NodeOptions.StaticBucket(1, owner, true),
                new NodeOptions.StaticBucket(2, owner, false)));
  }

  /** Waits up to 30 s until each of {@code nodes} sees {@code count} cluster members. */
  static void awaitMembers(List<DdcNode> nodes, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!nodes.stream().allMatch(n -> n.clusterMembers() == count)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the nodes never all saw " + count + " cluster members");
      }
      Thread.sleep(50);
    }
  }

  static int freePort() {
    return io.ddc.cluster.Ports.reserve();
  }

  /**
   * For a failed multi-process test whose {@code dir} is kept ({@code @TempDir(cleanup =
   * ON_SUCCESS)}): copies its {@code *.log} files to {@code
   * target/multi-process-logs/<test>-<time>} and deletes the rest; best effort.
   */
  static void keepLogs(Path dir, String test) {
    Path to =
        Path.of(
            "target",
            "multi-process-logs",
            test.replaceAll("[^A-Za-z0-9]+", "_") + "-" + System.currentTimeMillis());
    try (var logs = java.nio.file.Files.list(dir)) {
      java.nio.file.Files.createDirectories(to);
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        java.nio.file.Files.copy(log, to.resolve(log.getFileName()));
      }
      System.out.println("node logs kept in " + to.toAbsolutePath());
    } catch (java.io.IOException e) {
      System.out.println("could not keep the node logs: " + e);
    }
    try (var all = java.nio.file.Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.out.println("could not delete " + dir + ": " + e);
    }
  }

  static String grpcUrl(DdcNode n) {
    return "grpc://127.0.0.1:" + n.grpcPort();
  }
}
