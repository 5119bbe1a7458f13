package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** In-process members, each with its own Vert.x, Hazelcast member and in-memory store. */
final class ClusterHarness implements AutoCloseable {
  record Node(Vertx vertx, PieceStore store, ClusterManager cluster) {}

  final List<Node> nodes = new ArrayList<>();
  private final List<String> seeds = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  ClusterHarness(int members) throws IOException {
    for (int i = 0; i < members; i++) {
      int port = Ports.reserve();
      ports.add(port);
      seeds.add("127.0.0.1:" + port);
    }
  }

  static ClusterOptions fastOptions() {
    return new ClusterOptions()
        .setP2pPort(0)
        .setClusterId("test-" + ProcessHandle.current().pid())
        .setHeartbeatInterval(Duration.ofSeconds(1))
        .setMaxNoHeartbeat(Duration.ofSeconds(3))
        .setRepairGracePeriod(Duration.ofMillis(300))
        .setTransferTimeout(Duration.ofSeconds(10))
        .setHealthProbeInterval(Duration.ofMillis(200));
  }

  /** Starts member {@code i} with the fast options, adjusted, over {@code store}. */
  Node start(int i, PieceStore store, UnaryOperator<ClusterOptions> adjust) throws Exception {
    Vertx vertx = Vertx.vertx();
    ClusterOptions o = adjust.apply(fastOptions().setMembershipPort(ports.get(i)).setSeeds(seeds));
    ClusterManager m = get(ClusterManager.start(vertx, o, store, Keys.generate(KeyScheme.ED25519)));
    Node n = new Node(vertx, store, m);
    nodes.add(n);
    return n;
  }

  /**
   * Starts member {@code i} with {@code key}, admitted by {@code source}, on the P2P port {@code
   * p2pPort} and without static seeds: it finds the others only through the source.
   */
  Node start(int i, KeyPair key, MemberSource source, int p2pPort) throws Exception {
    Vertx vertx = Vertx.vertx();
    ClusterOptions o =
        fastOptions().setMembershipPort(ports.get(i)).setP2pPort(p2pPort).setReplicationTotal(2);
    PieceStore store = new InMemoryPieceStore();
    ClusterManager m = get(ClusterManager.start(vertx, o, store, key, source));
    Node n = new Node(vertx, store, m);
    nodes.add(n);
    return n;
  }

  /** The store of the started member with {@code nodeId}. */
  PieceStore storeOf(String nodeId) {
    return nodes.stream()
        .filter(n -> n.cluster().nodeId().equals(nodeId))
        .findFirst()
        .orElseThrow()
        .store();
  }

  static int freePort() {
    return Ports.reserve();
  }

  Node start(int i) throws Exception {
    return start(i, new InMemoryPieceStore(), o -> o);
  }

  /**
   * Starts members 0, 1 and 2, the first over {@code first} with its options {@code adjust}ed, and
   * waits until each sees all three; returns member 0.
   */
  Node startThree(PieceStore first, UnaryOperator<ClusterOptions> adjust) throws Exception {
    Node n = start(0, first, adjust);
    start(1);
    start(2);
    awaitMembers(3, nodes);
    return n;
  }

  /**
   * Waits until every started member ran the repair pass its joins triggered, and a second more, so
   * that those passes are over before a test writes pieces that only a later pass can send.
   */
  void awaitFirstRepairPasses() throws InterruptedException {
    await(
        () -> nodes.stream().allMatch(n -> n.cluster().stats().repairPasses() > 0),
        Duration.ofSeconds(30),
        "each node's first repair pass");
    Thread.sleep(1000);
  }

  void awaitMembers(int count, List<Node> among) {
    await(
        () -> among.stream().allMatch(n -> n.cluster().members().size() == count),
        Duration.ofSeconds(30),
        "every member sees " + count + " members");
  }

  /**
   * Issues {@code call} from one of {@code vertx}'s contexts and waits for it: the way nodes drive
   * their P2P clients. A Vert.x 5.0.7 HttpClient called from a plain thread can lose the answer
   * (decision 0055).
   */
  static <T> T getOnContext(Vertx vertx, java.util.function.Supplier<Future<T>> call)
      throws Exception {
    io.vertx.core.Promise<T> result = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> call.get().onComplete(result));
    return get(result.future());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static Cid write(PieceStore store, long bucket, byte[] content) throws Exception {
    PieceWriter w = store.newPiece(bucket, Cid.Codec.RAW);
    w.write(ByteBuffer.wrap(content)).get(10, TimeUnit.SECONDS);
    PieceInfo info = w.commit().get(10, TimeUnit.SECONDS);
    assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
    return info.cid();
  }

  /** Makes {@code n} remember {@code bucket} as a client write to it would, for repair to scan. */
  static void noteBucket(Node n, long bucket) throws Exception {
    get(
        Future.<Void>future(
            p ->
                n.cluster()
                    .context()
                    .runOnContext(
                        v -> {
                          n.cluster().noteBucket(bucket);
                          p.complete();
                        })));
  }

  static boolean holds(PieceStore store, Cid cid) {
    try {
      return store.stat(cid).get(10, TimeUnit.SECONDS).isPresent();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] read(PieceStore store, Cid cid) throws Exception {
    PieceRegion r = store.open(cid).get(10, TimeUnit.SECONDS);
    try {
      ByteBuffer bb = r.read(0, (int) r.size()).get(10, TimeUnit.SECONDS);
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      return out;
    } finally {
      r.close();
    }
  }

  @Override
  public void close() throws Exception {
    for (Node n : nodes) {
      try {
        n.cluster().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // already crashed or closed
      }
      n.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      n.store().close();
    }
  }
}
