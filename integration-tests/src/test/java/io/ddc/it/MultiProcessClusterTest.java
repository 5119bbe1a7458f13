package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@code ddc node} processes (child JVMs) on loopback, two copies of every piece, static seeds
 * (the cluster without a chain). One node is killed with SIGKILL: every piece stays readable
 * through the others at once; once the cluster declares it gone, repair restores two copies, which
 * the test proves by killing a second node and reading everything through the last two, including
 * the pieces whose only copies had been on the two killed nodes.
 */
class MultiProcessClusterTest {
  private static final int NODES = 4;
  private static final Pattern REPAIR_DONE =
      Pattern.compile("repair done: (\\d+) pieces scanned, (\\d+) copies made .*?, (\\d+) failed");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  private record Node(String id, int httpPort, int grpcPort, Path log) {}

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(600)
  void killedNodeReadsKeepWorkingAndRepairRestoresRedundancy() throws Exception {
    int[] membership = new int[NODES];
    for (int i = 0; i < NODES; i++) {
      membership[i] = Nodes.freePort();
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      nodes.add(launch(i, membership));
    }
    for (Node n : nodes) {
      // Generous: four JVMs opening their stores at once on a busy machine take minutes.
      awaitLog(n, "membership: " + NODES + " live", Duration.ofSeconds(300));
    }

    // 40 pieces of 1 KiB … 1 MiB, each stored through node 0 or 1 (the writer keeps a copy, so
    // only pieces written through those two can be lost with them).
    Random random = new Random(42);
    List<Cid> cids = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      for (int i = 0; i < 40; i++) {
        byte[] content = new byte[1024 + random.nextInt(i % 4 == 0 ? 1 << 20 : 64 << 10)];
        random.nextBytes(content);
        try (DdcClient c = client(vertx, nodes.get(i % 2))) {
          cids.add(c.storeBytes(1, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS));
        }
        contents.add(content);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    // Pieces whose two copies are on nodes 0 and 1 only: killing both loses them unless repair
    // copied them elsewhere after the first kill.
    List<PlacementNode> all = nodes.stream().map(n -> PlacementNode.of(n.id())).toList();
    List<Integer> onlyOnFirstTwo = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < cids.size(); i++) {
      List<String> placed =
          RendezvousPlacement.INSTANCE.place(cids.get(i), all, 2).stream()
              .map(PlacementNode::id)
              .toList();
      (placed.containsAll(List.of(nodes.get(0).id(), nodes.get(1).id())) ? onlyOnFirstTwo : others)
          .add(i);
    }
    assertThat(onlyOnFirstTwo).as("pieces placed on exactly nodes 0 and 1").isNotEmpty();
    assertReadable(nodes.get(0), cids, contents, range(cids.size()));

    long[] logOffsets = new long[NODES];
    for (int i = 1; i < NODES; i++) {
      logOffsets[i] = Files.size(nodes.get(i).log());
    }
    long killedAt = System.nanoTime();
    kill(0);
    // Reads keep working through every survivor (nodes 2 and 3 are not asked for the pieces that
    // only 0 and 1 held: serving them would leave a copy there and hide a missing repair).
    assertReadable(nodes.get(1), cids, contents, range(cids.size()));
    for (int i = 2; i < NODES; i++) {
      assertReadable(nodes.get(i), cids, contents, others);
    }
    System.out.printf(
        "reads through the 3 survivors complete %d ms after kill -9%n", millisSince(killedAt));

    for (int i = 1; i < NODES; i++) {
      awaitRepairAfter(nodes.get(i), logOffsets[i], NODES - 1, Duration.ofSeconds(90));
    }
    System.out.printf(
        "node declared gone and redundancy restored %d ms after kill -9 (%d pieces had lived only"
            + " on the killed node and node 1)%n",
        millisSince(killedAt), onlyOnFirstTwo.size());

    kill(1);
    for (int i = 2; i < NODES; i++) {
      assertReadable(nodes.get(i), cids, contents, range(cids.size()));
    }
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private void kill(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.destroyForcibly(); // SIGKILL
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private Node launch(int i, int[] membership) throws Exception {
    String secret = "//multi-process-node-" + i;
    String id = HexFormat.of().formatHex(Keys.fromUri(secret, KeyScheme.ED25519).publicKey());
    int http = Nodes.freePort();
    int grpc = Nodes.freePort();
    List<String> seeds = new ArrayList<>();
    for (int j = 0; j < membership.length; j++) {
      if (j != i) {
        seeds.add("127.0.0.1:" + membership[j]);
      }
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--") || a.startsWith("-D"))
            .toList());
    cmd.addAll(
        List.of(
            "-Xmx384m",
            // Short-lived test JVMs: less JIT and GC work while four of them share the cores.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            "io.ddc.launcher.Main",
            "node"));
    String owner = Ss58.encode(Nodes.ROOT.publicKey(), Ss58.CERE_PREFIX);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("BLOCKCHAIN") || k.startsWith("CLUSTER"));
    env.put("DATA_DIR", dir.resolve("node-" + i).toString());
    env.put("HTTP_PORT", String.valueOf(http));
    env.put("GRPC_PORT", String.valueOf(grpc));
    env.put("P2P_PORT", String.valueOf(Nodes.freePort()));
    env.put("MEMBERSHIP_PORT", String.valueOf(membership[i]));
    env.put("CLUSTER_SEEDS", String.join(",", seeds));
    env.put("PEER_SECRET_PHRASE", secret);
    env.put("MODE", "storage");
    env.put("REDUNDANCY_REPLICATION_TOTAL", "2");
    env.put("REDUNDANCY_REPLICATION_SUCCESS_THRESHOLD", "2");
    env.put("BUCKETS", "1:" + owner + ":public,2:" + owner + ":private");
    Path log = dir.resolve("node-" + i + ".log");
    processes.add(pb.redirectErrorStream(true).redirectOutput(log.toFile()).start());
    return new Node(id, http, grpc, log);
  }

  private static DdcClient client(Vertx vertx, Node n) {
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(List.of("grpc://127.0.0.1:" + n.grpcPort()))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .backoffMillis(10));
  }

  private static void assertReadable(
      Node n, List<Cid> cids, List<byte[]> contents, List<Integer> which) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i : which) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + n.httpPort() + "/1/" + cids.get(i)))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as("%s through node %s", cids.get(i), n.id()).isEqualTo(200);
      assertThat(r.body()).as("%s through node %s", cids.get(i), n.id()).isEqualTo(contents.get(i));
    }
  }

  private static void awaitLog(Node n, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(n.log()).contains(text)) {
      assertThat(System.nanoTime())
          .as("node %s never logged '%s':%n%s", n.id(), text, Files.readString(n.log()))
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /**
   * Waits until {@code n} logged, after {@code offset}, a live set of {@code live} nodes followed
   * by a repair pass without failures.
   */
  private static void awaitRepairAfter(Node n, long offset, int live, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String tail = Files.readString(n.log()).substring((int) offset);
      int change = tail.lastIndexOf("membership: " + live + " live");
      // a pass that started before the change (and saw the old live set) does not count: only a
      // pass started after it, over exactly the new live set
      int started =
          change < 0 ? -1 : tail.indexOf(" local pieces, " + live + " live nodes", change + 1);
      if (started >= 0) {
        Matcher m = REPAIR_DONE.matcher(tail.substring(started));
        String lastFailed = null;
        while (m.find()) {
          lastFailed = m.group(3);
        }
        if ("0".equals(lastFailed)) {
          return;
        }
      }
      assertThat(System.nanoTime())
          .as("node %s did not finish a clean repair pass:%n%s", n.id(), tail)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
