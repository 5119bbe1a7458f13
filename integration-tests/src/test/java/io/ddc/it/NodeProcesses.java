package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
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
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ddc node} processes (child JVMs) on loopback forming one cluster through static seeds, for
 * the multi-process tests. Node {@code i} keeps its data directory, ports and key across a {@link
 * #kill} and {@link #restart}, so a restarted node is the same cluster member.
 */
final class NodeProcesses implements AutoCloseable {
  private static final Pattern REPAIR_DONE =
      Pattern.compile("repair done: (\\d+) pieces scanned, (\\d+) copies made .*?, (\\d+) failed");

  /** One node: its id (hex of its ed25519 key), gateway, gRPC and P2P ports, and its log file. */
  record Node(String id, String mode, int httpPort, int grpcPort, int p2pPort, Path log) {}

  private final Path dir;
  private final int replicas;
  private final IntFunction<Map<String, String>> extraEnv;
  private final List<String> modes;
  private final int[] membership;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final java.util.Set<Integer> used = new java.util.HashSet<>();

  /**
   * Starts one node per element of {@code modes} ({@code storage}, {@code full} or {@code cache})
   * under {@code dir}, keeping {@code replicas} copies of each piece (all required before a write
   * succeeds), with {@code extraEnv.apply(i)} added to node {@code i}'s environment.
   */
  NodeProcesses(
      Path dir, List<String> modes, int replicas, IntFunction<Map<String, String>> extraEnv)
      throws Exception {
    this.dir = dir;
    this.modes = List.copyOf(modes);
    this.replicas = replicas;
    this.extraEnv = extraEnv;
    this.membership = new int[modes.size()];
    for (int i = 0; i < membership.length; i++) {
      membership[i] = port();
    }
    for (int i = 0; i < membership.length; i++) {
      String id = HexFormat.of().formatHex(key(i).publicKey());
      nodes.add(
          new Node(id, modes.get(i), port(), port(), port(), dir.resolve("node-" + i + ".log")));
      processes.add(start(i));
    }
  }

  /**
   * A free port not handed out before by this instance: a port is free again once its probe socket
   * is closed, so two calls in a row can return the same one.
   */
  private int port() {
    int p;
    do {
      p = Nodes.freePort();
    } while (!used.add(p));
    return p;
  }

  private static String secret(int i) {
    return "//multi-process-node-" + i;
  }

  /** Node {@code i}'s ed25519 key: its node id and P2P signing key. */
  static KeyPair key(int i) {
    return Keys.fromUri(secret(i), KeyScheme.ED25519);
  }

  List<Node> nodes() {
    return nodes;
  }

  Node node(int i) {
    return nodes.get(i);
  }

  /**
   * Waits until every running node serves its APIs and its live set has {@code live} nodes (both
   * logged after byte {@code mark} of its log; 0 for a first start). Fails at once, with its log,
   * when one of them exits meanwhile (e.g. a port taken by another process).
   */
  void awaitLive(int live, long mark, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> waiting = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (processes.get(i).isAlive()) {
        waiting.add(i);
      }
    }
    while (true) {
      boolean all = true;
      for (int i : waiting) {
        String log = logSince(nodes.get(i), mark);
        assertThat(processes.get(i).isAlive())
            .as("node %s exited while starting:%n%s", nodes.get(i).id(), log)
            .isTrue();
        all &= log.contains(") ready: http ") && log.contains("membership: " + live + " live");
      }
      if (all) {
        return;
      }
      assertThat(System.nanoTime())
          .as("the nodes did not all start and see %d live nodes in %s", live, timeout)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private Process start(int i) throws Exception {
    Node n = nodes.get(i);
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
            // Short-lived test JVMs: less JIT and GC work while several of them share the cores.
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
    env.put("HTTP_PORT", String.valueOf(n.httpPort()));
    env.put("GRPC_PORT", String.valueOf(n.grpcPort()));
    env.put("P2P_PORT", String.valueOf(n.p2pPort()));
    env.put("MEMBERSHIP_PORT", String.valueOf(membership[i]));
    env.put("CLUSTER_SEEDS", String.join(",", seeds));
    env.put("PEER_SECRET_PHRASE", secret(i));
    env.put("MODE", modes.get(i));
    env.put("REDUNDANCY_REPLICATION_TOTAL", String.valueOf(replicas));
    env.put("REDUNDANCY_REPLICATION_SUCCESS_THRESHOLD", String.valueOf(replicas));
    env.put("BUCKETS", "1:" + owner + ":public,2:" + owner + ":private");
    env.putAll(extraEnv.apply(i));
    return pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log().toFile()))
        .start();
  }

  /** SIGKILL: no goodbye to the cluster, no flush. */
  void kill(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Starts node {@code i} again on its data directory, ports and key (after {@link #kill}). */
  void restart(int i) throws Exception {
    assertThat(processes.get(i).isAlive()).isFalse();
    processes.set(i, start(i));
  }

  boolean alive(int i) {
    return processes.get(i).isAlive();
  }

  /** The current size of node {@code i}'s log: a mark for {@link #awaitRepairAfter}. */
  long logMark(int i) throws Exception {
    return Files.exists(nodes.get(i).log()) ? Files.size(nodes.get(i).log()) : 0;
  }

  /** A client that sends every call to {@code n}. */
  static DdcClient client(Vertx vertx, Node n) {
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(List.of("grpc://127.0.0.1:" + n.grpcPort()))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .backoffMillis(10));
  }

  /**
   * A client for the nodes' gateways. HTTP/1.1, as CDN clients speak it: the JDK client's default
   * h2c upgrade currently makes the gateway answer 500 for pieces it sends with sendfile ("HTTP/2
   * does not support sending channel"), a gateway matter outside what these tests are about.
   */
  static HttpClient http() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** GET {@code /1/{cid}} through {@code n}'s gateway; the status and body. */
  static HttpResponse<byte[]> get(HttpClient http, Node n, Cid cid) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/1/" + cid))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Asserts that every piece {@code which} reads back byte-identical through {@code n}. */
  static void assertReadable(Node n, List<Cid> cids, List<byte[]> contents, List<Integer> which)
      throws Exception {
    HttpClient http = http();
    for (int i : which) {
      HttpResponse<byte[]> r = get(http, n, cids.get(i));
      assertThat(r.statusCode())
          .as("%s through node %s: %s", cids.get(i), n.id(), errorText(r))
          .isEqualTo(200);
      assertThat(r.body()).as("%s through node %s", cids.get(i), n.id()).isEqualTo(contents.get(i));
    }
  }

  /** What {@code n} logged after byte {@code offset} of its log (marks are byte counts). */
  static String logSince(Node n, long offset) throws Exception {
    if (!Files.exists(n.log())) {
      return "";
    }
    byte[] all = Files.readAllBytes(n.log());
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The start of a failed answer's body (the gateway's explanation), or empty. */
  static String errorText(HttpResponse<byte[]> r) {
    if (r.statusCode() == 200) {
      return "";
    }
    byte[] b = r.body();
    return new String(b, 0, Math.min(b.length, 500), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Waits until {@code n} logged {@code text} after byte {@code offset} of its log. */
  static void awaitLog(Node n, long offset, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!logSince(n, offset).contains(text)) {
      assertThat(System.nanoTime())
          .as("node %s never logged '%s'", n.id(), text)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /**
   * Waits until {@code n} logged, after {@code offset}, a live set of {@code live} nodes followed
   * by a repair pass, started after that change over exactly that live set, without failures.
   */
  static void awaitRepairAfter(Node n, long offset, int live, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String tail = logSince(n, offset);
      int change = tail.lastIndexOf("membership: " + live + " live");
      // a pass that started before the change (and saw the old live set) does not count
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

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
