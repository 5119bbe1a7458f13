package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.it.NodeProcesses.Node;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Five {@code ddc node} processes (modes storage, storage, full, full, cache), three copies of
 * every piece, static seeds.
 */
class FiveNodeClusterTest extends NodeProcessesBase {
  /**
   * How long a node may take to finish a repair pass without failures after a membership change. A
   * pass in which one P2P answer never arrives waits for that step's deadline (30 s and more,
   * cluster-transfer.md §7), counts the step as failed, and only the next pass is clean: 60 s was
   * once not enough in CI.
   */
  private static final Duration CLEAN_PASS_WAIT = Duration.ofSeconds(150);

  private static final List<String> MODES = List.of("storage", "storage", "full", "full", "cache");
  private static final int CACHE = 4;
  private static final int PIECES = 500;
  private static final int WRITERS = 8;
  private static final Pattern DROPPED = Pattern.compile(" (\\d+) surplus copies dropped");
  private static final Pattern REPAIR_BYTES =
      Pattern.compile("repair done: .*? copies made \\((\\d+) bytes, .*?records sent, (\\d+) ms");

  /**
   * {@value #PIECES} pieces written through random write-capable nodes read back byte-identical
   * through every node, the cache node included. Sizes (see {@link #mixedSizes}) cover 1 KiB … 20
   * MiB in four bands, most pieces small as in real buckets, so the run stays within a few minutes
   * on two cores: one of exactly 1 KiB and one of exactly 20 MiB, 299 of 1 … 64 KiB, 150 of 64 KiB
   * … 1 MiB, 42 of 1 … 8 MiB and 7 of 8 … 20 MiB (about 430 MB in all).
   */
  @Test
  @Timeout(420)
  void mixedPiecesWrittenThroughRandomNodesAreReadableThroughEveryNode() throws Exception {
    cluster = new NodeProcesses(dir, MODES, 3, i -> Map.of());
    cluster.awaitLive(MODES.size(), 0, Duration.ofSeconds(240));
    for (Node n : cluster.nodes()) { // the launcher's choice (decision 0007) reaches every node
      assertThat(Files.readString(n.log())).contains("buffer allocator: pooled");
    }
    Random random = new Random(500);
    List<byte[]> contents = new ArrayList<>();
    long bytes = 0;
    for (int size : mixedSizes(random)) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      contents.add(content);
      bytes += size;
    }
    long start = System.nanoTime();
    List<Cid> cids = writeThroughRandomNodes(contents, random, 8);
    long wrote = System.nanoTime();
    System.out.printf(
        "%d pieces (%d bytes, %d … %d bytes each) written through random write-capable nodes in %d"
            + " ms (%.1f MB/s, 3 copies each)%n",
        PIECES,
        bytes,
        contents.stream().mapToInt(c -> c.length).min().orElseThrow(),
        contents.stream().mapToInt(c -> c.length).max().orElseThrow(),
        (wrote - start) / 1_000_000,
        bytes * 1e3 / (wrote - start));
    // acknowledged means durable on all three placement nodes
    Holdings holdings = new Holdings(NodeProcesses.key(0));
    assertThat(holdings.missing(storing(), cids, 3)).isEmpty();

    HttpClient http = NodeProcesses.http();
    for (Node n : cluster.nodes()) {
      long t = System.nanoTime();
      readAll(http, n, cids, contents, 8);
      long took = System.nanoTime() - t;
      System.out.printf(
          "all %d pieces read byte-identical through the %s node %s in %d ms (%.1f MB/s)%n",
          PIECES, n.mode(), n.id().substring(0, 8), took / 1_000_000, bytes * 1e3 / took);
    }
    System.out.printf(
        "%d pieces, %d bytes: written and read through all 5 nodes in %d ms%n",
        PIECES, bytes, (System.nanoTime() - start) / 1_000_000);

    officialClientStoresThroughOneNodeAndReadsThroughTheOthers(1, holdings);
  }

  /**
   * The official npm client configured with all five nodes ({@code conformance/run-cluster.mjs})
   * stores a small and a 1 MiB piece (named), a two-part multipart file and a named DAG node
   * through node {@code store}, then reads all of it through each other node; the client's router
   * reports the node it selected for every call, and each phase must have used only the node it was
   * meant for. Runs on the cluster of the mixed-pieces test to spare a second five-node start.
   */
  private void officialClientStoresThroughOneNodeAndReadsThroughTheOthers(
      int store, Holdings holdings) throws Exception {
    Conformance.install(dir);
    JsonArray nodes = new JsonArray();
    for (Node n : cluster.nodes()) {
      nodes.add(
          new JsonObject()
              .put("mode", n.mode().substring(0, 1).toUpperCase() + n.mode().substring(1))
              .put("grpcUrl", "grpc://127.0.0.1:" + n.grpcPort())
              .put("httpUrl", "http://127.0.0.1:" + n.httpPort()));
    }
    long t = System.nanoTime();
    JsonObject got =
        Conformance.result(
            Conformance.exec(
                dir,
                240,
                Map.of(
                    "DDC_NODES",
                    nodes.encode(),
                    "DDC_STORE_NODE",
                    Integer.toString(store),
                    "DDC_BUCKET",
                    "2"),
                "node",
                "run-cluster.mjs"),
            "run-cluster.mjs",
            "CLUSTER ");
    JsonObject stored = got.getJsonObject("stored");
    assertThat(stored.getJsonArray("via"))
        .as("the nodes the official client stored through")
        .containsExactly(nodes.getJsonObject(store).getString("httpUrl"));
    JsonArray reads = got.getJsonArray("reads");
    assertThat(reads).hasSize(cluster.nodes().size() - 1);
    for (int i = 0; i < reads.size(); i++) {
      JsonObject read = reads.getJsonObject(i);
      String through = read.getString("node");
      assertThat(read.getJsonArray("via"))
          .as("reads meant for %s", through)
          .containsExactly(through);
      for (String piece : List.of("small", "large", "multipart")) {
        JsonObject facts = stored.getJsonObject(piece);
        assertThat(read.getJsonObject(piece).getString("sha256"))
            .as("%s read through %s", piece, through)
            .isEqualTo(facts.getString("sha256"));
        assertThat(read.getJsonObject(piece).getLong("length")).isEqualTo(facts.getLong("length"));
      }
      assertThat(read.getJsonObject("largeByName").getString("sha256"))
          .isEqualTo(stored.getJsonObject("large").getString("sha256"));
      assertThat(read.getString("resolved"))
          .isEqualTo(stored.getJsonObject("large").getString("cid"));
      JsonObject dag = read.getJsonObject("dag");
      assertThat(dag.getString("cid")).isEqualTo(stored.getJsonObject("dag").getString("cid"));
      assertThat(dag.getString("data")).isEqualTo("cluster root");
      assertThat(dag.getJsonArray("links"))
          .isEqualTo(
              new JsonArray()
                  .add(
                      new JsonObject()
                          .put("cid", stored.getJsonObject("small").getString("cid"))
                          .put("name", "small")
                          .put("size", stored.getJsonObject("small").getLong("length"))));
      assertThat(dag.getJsonArray("tags"))
          .isEqualTo(new JsonArray().add(new JsonObject().put("key", "from").put("value", "js")));
    }
    // the raw pieces it stored are on their placement nodes like those the Java SDK stored
    List<Cid> raw =
        List.of(
            Cid.parse(stored.getJsonObject("small").getString("cid")),
            Cid.parse(stored.getJsonObject("large").getString("cid")));
    assertThat(holdings.missing(storing(), raw, 3)).isEmpty();
    System.out.printf(
        "official client (all 5 nodes configured): stored through %s, read back through the other"
            + " %d nodes (%d router calls, %d store attempts) in %d ms%n",
        cluster.node(store).id().substring(0, 8),
        reads.size(),
        stored.getInteger("calls")
            + reads.stream().mapToInt(r -> ((JsonObject) r).getInteger("calls")).sum(),
        stored.getInteger("attempts"),
        (System.nanoTime() - t) / 1_000_000);
  }

  /**
   * {@value #PIECES} sizes in random order: 1 KiB, 20 MiB, 299 of 1 … 64 KiB, 150 of 64 KiB … 1
   * MiB, 42 of 1 … 8 MiB, 7 of 8 … 20 MiB; uniform within each band.
   */
  static List<Integer> mixedSizes(Random random) {
    List<Integer> sizes = new ArrayList<>(List.of(1 << 10, 20 << 20));
    int[][] bands = { // count, smallest, largest
      {299, 1 << 10, 64 << 10},
      {150, 64 << 10, 1 << 20},
      {42, 1 << 20, 8 << 20},
      {7, 8 << 20, 20 << 20}
    };
    for (int[] band : bands) {
      for (int i = 0; i < band[0]; i++) {
        sizes.add(band[1] + random.nextInt(band[2] - band[1] + 1));
      }
    }
    Collections.shuffle(sizes, random);
    return sizes;
  }

  /**
   * SIGKILL of a storage node under a sustained write load ({@value #WRITERS} concurrent writers,
   * pieces of 4 KiB … 1 MiB): every acknowledged write stays readable through the survivors; the
   * time until every acknowledged piece is again on each of its placement nodes over the survivors
   * is measured from outside (the P2P {@code has} query) and bounded; the restarted node rejoins
   * and ends up holding every piece that placement over the five nodes assigns to it.
   */
  @Test
  @Timeout(400)
  void killDuringWritesKeepsAcknowledgedPiecesAndTheRestartedNodeRebalances() throws Exception {
    cluster = new NodeProcesses(dir, MODES, 3, i -> Map.of());
    cluster.awaitLive(MODES.size(), 0, Duration.ofSeconds(240));
    int victim = 1;
    Map<Cid, byte[]> acknowledged = new ConcurrentHashMap<>();
    Map<Cid, byte[]> whileDown = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    long[] marks = new long[MODES.size()];
    Holdings holdings = new Holdings(NodeProcesses.key(0));
    List<Node> survivors = storing().stream().filter(n -> n != cluster.node(victim)).toList();
    Vertx vertx = Vertx.vertx();
    long killedAt;
    long writing;
    try {
      List<DdcClient> clients = clients(vertx, 0, 2, 3); // the writers that stay up
      DdcClient victimClient = NodeProcesses.client(vertx, cluster.node(victim));
      Writer writer = new Writer(clients, victimClient, acknowledged, failed);
      writing = System.nanoTime();
      writer.start();
      // the kill comes under load: once the writers have had 60 pieces acknowledged
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (acknowledged.size() < 60) {
        assertThat(System.nanoTime()).as("60 writes acknowledged in 90 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      Map<Cid, byte[]> beforeKill = Map.copyOf(acknowledged);
      for (int i = 0; i < marks.length; i++) {
        marks[i] = cluster.logMark(i);
      }
      killedAt = System.nanoTime();
      cluster.kill(victim);
      writer.downSince(whileDown);
      // writes go on until the survivors see the new live set and a while after
      for (int i = 0; i < MODES.size(); i++) {
        if (i != victim) {
          NodeProcesses.awaitLog(
              cluster.node(i), marks[i], "membership: 4 live", Duration.ofSeconds(60));
        }
      }
      Thread.sleep(5000);
      writer.stop();
      long took = System.nanoTime() - writing;
      long bytes = acknowledged.values().stream().mapToLong(c -> c.length).sum();
      System.out.printf(
          "writes: %d acknowledged (%d bytes, %.1f MB/s over %d ms by %d writers; %d after the"
              + " kill), %d failed (unacknowledged, retried by clients)%n",
          acknowledged.size(),
          bytes,
          bytes * 1e3 / took,
          took / 1_000_000,
          WRITERS,
          whileDown.size(),
          failed.get());
      System.out.printf(
          "acknowledged writes per second from the start of the load (kill at %d s, %d acknowledged"
              + " by then): %s%n",
          (killedAt - writing) / 1_000_000_000L, beforeKill.size(), writer.perSecond(writing));
      assertThat(whileDown).as("writes acknowledged while the node was down").isNotEmpty();
      assertThat(
              beforeKill.keySet().stream()
                  .filter(
                      cid -> Holdings.placement(cid, storing(), 3).contains(cluster.node(victim))))
          .as("pieces acknowledged before the kill that had a copy on the killed node")
          .isNotEmpty();
      List<Cid> acked = List.copyOf(acknowledged.keySet());
      long restored = awaitPlaced(holdings, survivors, acked, killedAt, Duration.ofSeconds(120));
      for (Node n : survivors) { // the passes that restored it, for their throughput
        NodeProcesses.awaitRepairAfter(n, marks[cluster.nodes().indexOf(n)], 4, CLEAN_PASS_WAIT);
      }
      System.out.printf(
          "redundancy restored %d ms after kill -9: each of %d acknowledged pieces on its 3"
              + " placement nodes among the survivors; repair %s%n",
          restored, acked.size(), repairThroughput(marks));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    List<Cid> cids = new ArrayList<>(acknowledged.keySet());
    List<byte[]> contents = cids.stream().map(acknowledged::get).toList();
    HttpClient http = NodeProcesses.http();
    for (int i = 0; i < MODES.size(); i++) {
      if (i != victim) {
        readAll(http, cluster.node(i), cids, contents, 8);
      }
    }

    // Rejoin: the node gets every piece placement over all five nodes gives it.
    long[] rejoin = new long[MODES.size()];
    for (int i = 0; i < rejoin.length; i++) {
      rejoin[i] = cluster.logMark(i);
    }
    long restartedAt = System.nanoTime();
    cluster.restart(victim);
    Node back = cluster.node(victim);
    long owed =
        whileDown.keySet().stream()
            .filter(cid -> Holdings.placement(cid, storing(), 3).contains(back))
            .count();
    assertThat(owed).as("pieces written while it was down that the node wins back").isPositive();
    NodeProcesses.awaitLog(back, rejoin[victim], ") ready: http ", Duration.ofSeconds(120));
    long rebalanced = awaitPlaced(holdings, storing(), cids, restartedAt, Duration.ofSeconds(120));
    for (Node n : storing()) {
      NodeProcesses.awaitRepairAfter(n, rejoin[cluster.nodes().indexOf(n)], 5, CLEAN_PASS_WAIT);
    }
    System.out.printf(
        "restarted node rejoined and rebalanced %d ms after its start: it holds all its %d"
            + " pieces (%d of them written while it was down); repair %s%n",
        rebalanced,
        cids.stream().filter(cid -> Holdings.placement(cid, storing(), 3).contains(back)).count(),
        owed,
        repairThroughput(rejoin));
    // the copies outside placement (the survivors' repair copies, the read-through copies) go
    long trimmed =
        awaitNone(
            () -> holdings.surplus(storing(), cids, 3),
            "held outside their placement",
            restartedAt,
            Duration.ofSeconds(60));
    System.out.printf(
        "surplus copies dropped %d ms after the restart: every piece on exactly its 3 placement"
            + " nodes (%d dropped)%n",
        trimmed, droppedAfter(rejoin));
    // and reads through it work for what was written while it was away
    List<Cid> missed = whileDown.keySet().stream().toList();
    readAll(http, back, missed, missed.stream().map(whileDown::get).toList(), 8);
  }

  /**
   * Polls until each of {@code cids} is on each of its placement nodes among {@code holders};
   * returns the milliseconds since {@code since}, failing with what is missing after {@code
   * timeout}.
   */
  private static long awaitPlaced(
      Holdings holdings, List<Node> holders, List<Cid> cids, long since, Duration timeout)
      throws Exception {
    return awaitNone(() -> holdings.missing(holders, cids, 3), "missing", since, timeout);
  }

  /**
   * Polls {@code copies} until it is empty; returns the milliseconds since {@code since}, failing
   * with what it still lists after {@code timeout}.
   */
  private static long awaitNone(
      Callable<List<String>> copies, String what, long since, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> left = copies.call();
      if (left.isEmpty()) {
        return (System.nanoTime() - since) / 1_000_000;
      }
      assertThat(System.nanoTime())
          .as(
              "%d copies still %s after %s, e.g. %s",
              left.size(), what, timeout, left.subList(0, Math.min(5, left.size())))
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /**
   * The repair passes logged after {@code marks}: bytes copied and the aggregate rate, the bytes of
   * all nodes over the longest total pass time of one node (the nodes repair in parallel).
   */
  private long droppedAfter(long[] marks) throws Exception {
    long dropped = 0;
    for (int i = 0; i < MODES.size(); i++) {
      Matcher m = DROPPED.matcher(NodeProcesses.logSince(cluster.node(i), marks[i]));
      while (m.find()) {
        dropped += Long.parseLong(m.group(1));
      }
    }
    return dropped;
  }

  private String repairThroughput(long[] marks) throws Exception {
    long bytes = 0;
    long longest = 0;
    for (int i = 0; i < MODES.size(); i++) {
      if (!cluster.alive(i)) {
        continue;
      }
      Matcher m = REPAIR_BYTES.matcher(NodeProcesses.logSince(cluster.node(i), marks[i]));
      long millis = 0;
      while (m.find()) {
        long b = Long.parseLong(m.group(1));
        if (b > 0) {
          bytes += b;
          millis += Long.parseLong(m.group(2));
        }
      }
      longest = Math.max(longest, millis);
    }
    return String.format(
        "copied %d bytes in passes of at most %d ms per node: %.1f MB/s",
        bytes, longest, longest == 0 ? 0.0 : bytes / 1e3 / longest);
  }

  /**
   * One node serves corrupted bytes to its peers (FAULT_CORRUPT_SERVED_PIECES): clients still read
   * every piece byte-identical through every node, and the nodes that received its bad bytes record
   * it, and only it, as faulty.
   */
  @Test
  @Timeout(300)
  void aNodeServingCorruptBytesIsRecordedAsFaultyAndClientsGetCorrectData() throws Exception {
    int faulty = 2;
    cluster =
        new NodeProcesses(
            dir,
            MODES,
            3,
            i -> i == faulty ? Map.of("FAULT_CORRUPT_SERVED_PIECES", "true") : Map.of());
    cluster.awaitLive(MODES.size(), 0, Duration.ofSeconds(240));
    NodeProcesses.awaitLog(
        cluster.node(faulty), 0, "FAULT INJECTION is on", Duration.ofSeconds(10));
    Random random = new Random(77);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      byte[] content = new byte[1024 + random.nextInt(i % 10 == 0 ? 2 << 20 : 32 << 10)];
      random.nextBytes(content);
      contents.add(content);
    }
    List<Cid> cids = writeThroughRandomNodes(contents, random, 8);
    HttpClient http = NodeProcesses.http();
    for (Node n : cluster.nodes()) {
      readAll(http, n, cids, contents, 8);
    }
    String faultyId = cluster.node(faulty).id();
    Pattern recorded = Pattern.compile("node ([0-9a-f]{64}) served corrupt bytes for (\\S+)");
    long records = 0;
    for (Node n : cluster.nodes()) {
      Matcher m = recorded.matcher(Files.readString(n.log()));
      while (m.find()) {
        assertThat(m.group(1)).as("the node recorded as faulty by %s", n.id()).isEqualTo(faultyId);
        records++;
      }
    }
    // The cache node fetched every piece; each one it asked the faulty node for first was bad.
    System.out.printf(
        "node %s recorded as faulty %d times; all %d pieces read correctly through all 5 nodes%n",
        faultyId.substring(0, 8), records, cids.size());
    assertThat(records).isPositive();
  }

  /** The nodes that hold replicas (all but the cache node). */
  private List<Node> storing() {
    return cluster.nodes().stream().filter(n -> !n.mode().equals("cache")).toList();
  }

  private List<DdcClient> clients(Vertx vertx, int... nodes) {
    List<DdcClient> out = new ArrayList<>();
    for (int i : nodes) {
      out.add(NodeProcesses.client(vertx, cluster.node(i)));
    }
    return out;
  }

  /** Stores each piece through a random non-cache node, {@code parallel} at a time. */
  private List<Cid> writeThroughRandomNodes(List<byte[]> contents, Random random, int parallel)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<DdcClient> clients = clients(vertx, 0, 1, 2, 3);
      List<Cid> cids = new ArrayList<>();
      for (int from = 0; from < contents.size(); from += parallel) {
        List<Future<Cid>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(contents.size(), from + parallel); i++) {
          DdcClient c = clients.get(random.nextInt(clients.size()));
          batch.add(c.storeBytes(1, Buffer.buffer(contents.get(i)), null));
        }
        Future.all(batch).await(120, TimeUnit.SECONDS);
        batch.forEach(f -> cids.add(f.result()));
      }
      for (int i = 0; i < cids.size(); i++) {
        assertThat(cids.get(i)).isEqualTo(Cid.compute(Cid.Codec.RAW, contents.get(i)));
      }
      return cids;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Reads every piece through {@code n}'s gateway, {@code parallel} at a time, and compares. */
  private static void readAll(
      HttpClient http, Node n, List<Cid> cids, List<byte[]> contents, int parallel)
      throws Exception {
    Semaphore slots = new Semaphore(parallel);
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (int i = 0; i < cids.size(); i++) {
      Cid cid = cids.get(i);
      byte[] expected = contents.get(i);
      slots.acquire();
      reads.add(
          http.sendAsync(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + n.httpPort() + "/1/" + cid))
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete((r, e) -> slots.release())
              .thenAccept(
                  r -> {
                    assertThat(r.statusCode())
                        .as("%s through %s: %s", cid, n.id(), NodeProcesses.errorText(r))
                        .isEqualTo(200);
                    assertThat(r.body()).as("%s through %s", cid, n.id()).isEqualTo(expected);
                  }));
    }
    CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);
  }

  /**
   * {@value #WRITERS} threads writing back to back, each through a random one of the given clients
   * (two of them also through the victim's client, which fails once it is killed): pieces of 4 … 64
   * KiB, and 64 KiB … 1 MiB for three in ten; remembers what was acknowledged.
   */
  private static final class Writer {
    private final List<DdcClient> clients;
    private final DdcClient victim;
    private final Map<Cid, byte[]> acknowledged;
    private final AtomicInteger failed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Map<Cid, byte[]> alsoInto;
    private final Queue<Long> ackedAt = new ConcurrentLinkedQueue<>();
    private volatile String lastFailure = "none";

    /** Acknowledged writes per second from {@code from} (nanos), e.g. "12 15 0 3 17". */
    String perSecond(long from) {
      int[] counts = new int[64];
      int last = 0;
      for (long t : ackedAt) {
        int s = (int) Math.min(counts.length - 1, Math.max(0, (t - from) / 1_000_000_000L));
        counts[s]++;
        last = Math.max(last, s);
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i <= last; i++) {
        out.append(i == 0 ? "" : " ").append(counts[i]);
      }
      return out + " (last failure: " + lastFailure + ")";
    }

    Writer(
        List<DdcClient> clients,
        DdcClient victim,
        Map<Cid, byte[]> acknowledged,
        AtomicInteger failed) {
      this.clients = clients;
      this.victim = victim;
      this.acknowledged = acknowledged;
      this.failed = failed;
    }

    void start() {
      for (int t = 0; t < WRITERS; t++) {
        Random random = new Random(1000 + t);
        DdcClient own = t < 2 ? victim : null;
        Thread th =
            Thread.ofPlatform()
                .name("writer-" + t)
                .start(
                    () -> {
                      while (running) {
                        byte[] content =
                            new byte
                                [random.nextInt(10) < 3
                                    ? (64 << 10) + random.nextInt(960 << 10)
                                    : (4 << 10) + random.nextInt(60 << 10)];
                        random.nextBytes(content);
                        DdcClient c =
                            own != null && random.nextBoolean()
                                ? own
                                : clients.get(random.nextInt(clients.size()));
                        Map<Cid, byte[]> since = alsoInto;
                        try {
                          Cid cid =
                              c.storeBytes(1, Buffer.buffer(content), null)
                                  .await(30, TimeUnit.SECONDS);
                          acknowledged.put(cid, content);
                          ackedAt.add(System.nanoTime());
                          if (since != null) {
                            since.put(cid, content);
                          }
                        } catch (Exception e) {
                          failed.incrementAndGet();
                          lastFailure = e.toString();
                        }
                      }
                    });
        threads.add(th);
      }
    }

    /** From now on, acknowledged pieces also go into {@code into}. */
    void downSince(Map<Cid, byte[]> into) {
      alsoInto = into;
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
  }
}
