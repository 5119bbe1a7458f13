package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.edge.DdcNode;
import io.ddc.edge.NodeOptions;
import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes configured through the environment variables for erasure coding (2 of 3 shards from 1
 * MiB): a 3 MiB piece stored through node A is still served by B after A has left the cluster,
 * rebuilt from the two shards B and C hold (placement.md §5.4).
 */
class ErasureCodedNodesTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aLargePieceIsServedFromShardsAfterTheWriterLeft() throws Exception {
    NodeOptions erasure =
        NodeOptions.fromEnvironment(
            Map.of(
                "REDUNDANCY_ERASURE_CODING_MIN_BYTES", "1048576",
                "REDUNDANCY_ERASURE_CODING_REQUIRED", "2",
                "REDUNDANCY_ERASURE_CODING_TOTAL", "3",
                "REDUNDANCY_ERASURE_CODING_SUCCESS_THRESHOLD", "3"));
    List<Vertx> vertxes = new ArrayList<>();
    List<DdcNode> nodes = new ArrayList<>();
    try {
      List<String> seeds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        DdcNode n =
            Nodes.startMember(
                v, dir.resolve("node" + i), "it-ec-" + i, seeds, 3, o -> o.merge(erasure));
        nodes.add(n);
        seeds.add("127.0.0.1:" + n.membershipPort());
      }
      Nodes.awaitMembers(nodes, 3);
      byte[] content = new byte[3 * 1024 * 1024 + 11];
      new Random(9).nextBytes(content);
      Cid cid;
      try (DdcClient a = client(vertxes.get(0), nodes.get(0))) {
        cid = a.storeBytes(1, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS);
      }
      nodes.get(0).close().await(30, TimeUnit.SECONDS);
      Nodes.awaitMembers(List.of(nodes.get(1)), 2);
      try (DdcClient b = client(vertxes.get(1), nodes.get(1))) {
        assertThat(b.readBytes(1, cid.toString(), -1, -1).await(60, TimeUnit.SECONDS))
            .isEqualTo(Buffer.buffer(content));
      }
      assertThat(nodes.get(1).clusterStats().orElseThrow().fetches()).isPositive();
    } finally {
      for (int i = nodes.size() - 1; i >= 1; i--) {
        nodes.get(i).close().await(30, TimeUnit.SECONDS);
      }
      for (Vertx v : vertxes) {
        v.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private static DdcClient client(Vertx vertx, DdcNode n) {
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(List.of(Nodes.grpcUrl(n)))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .backoffMillis(10));
  }
}
