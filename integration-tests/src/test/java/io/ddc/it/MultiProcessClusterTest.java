package io.ddc.it;

import static io.ddc.it.NodeProcesses.assertReadable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.it.NodeProcesses.Node;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four {@code ddc node} processes (child JVMs) on loopback, two copies of every piece, static seeds
 * (the cluster without a chain). One node is killed with SIGKILL: every piece stays readable
 * through the others at once; once the cluster declares it gone, repair restores two copies, which
 * the test proves by killing a second node and reading everything through the last two, including
 * the pieces whose only copies had been on the two killed nodes.
 */
class MultiProcessClusterTest extends NodeProcessesBase {
  private static final int NODES = 4;

  @Test
  @Timeout(600)
  void killedNodeReadsKeepWorkingAndRepairRestoresRedundancy() throws Exception {
    cluster = new NodeProcesses(dir, Collections.nCopies(NODES, "storage"), 2, i -> Map.of());
    List<Node> nodes = cluster.nodes();
    // Generous: four JVMs opening their stores at once on a busy machine take minutes.
    cluster.awaitLive(NODES, 0, Duration.ofSeconds(300));

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
        try (DdcClient c = NodeProcesses.client(vertx, nodes.get(i % 2))) {
          cids.add(c.storeBytes(1, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS));
        }
        contents.add(content);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    // Pieces whose two copies are on nodes 0 and 1 only: killing both loses them unless repair
    // copied them elsewhere after the first kill. (Each read also needs the piece's edge record,
    // whose placement differs: repair must restore those too, docs/decisions/0064.)
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
      logOffsets[i] = cluster.logMark(i);
    }
    long killedAt = System.nanoTime();
    cluster.kill(0);
    // Reads keep working through every survivor (nodes 2 and 3 are not asked for the pieces that
    // only 0 and 1 held: serving them would leave a copy there and hide a missing repair).
    assertReadable(nodes.get(1), cids, contents, range(cids.size()));
    for (int i = 2; i < NODES; i++) {
      assertReadable(nodes.get(i), cids, contents, others);
    }
    System.out.printf(
        "reads through the 3 survivors complete %d ms after kill -9%n", millisSince(killedAt));

    for (int i = 1; i < NODES; i++) {
      NodeProcesses.awaitRepairAfter(
          nodes.get(i), logOffsets[i], NODES - 1, Duration.ofSeconds(90));
    }
    System.out.printf(
        "node declared gone and redundancy restored %d ms after kill -9 (%d pieces had lived only"
            + " on the killed node and node 1)%n",
        millisSince(killedAt), onlyOnFirstTwo.size());

    cluster.kill(1);
    for (int i = 2; i < NODES; i++) {
      assertReadable(nodes.get(i), cids, contents, range(cids.size()));
    }
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
