package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.Progress;
import io.ddc.client.node.NodeCallException;
import io.ddc.client.node.NodeClient;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.edge.DdcNode;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three clustered nodes (two replicas of everything): what the SDK stores through one node, it
 * reads through the others (node-protocol.md §4.8, cluster-wide visibility).
 */
class ClusterNodesTest {
  @TempDir static Path dir;
  static final List<Vertx> vertxes = new ArrayList<>();
  static final List<DdcNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Vertx v = Vertx.vertx();
      vertxes.add(v);
      DdcNode n = Nodes.startMember(v, dir.resolve("node" + i), "it-cluster-" + i, seeds, 2);
      nodes.add(n);
      seeds.add("127.0.0.1:" + n.membershipPort());
    }
    Nodes.awaitMembers(nodes, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close().await(30, TimeUnit.SECONDS);
      vertxes.get(i).close().await(30, TimeUnit.SECONDS);
    }
  }

  private static DdcClient client(int node) {
    return DdcClient.create(
        vertxes.get(node),
        new DdcClientOptions()
            .nodes(List.of(Nodes.grpcUrl(nodes.get(node))))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .partSize(4L * 1024 * 1024)
            .backoffMillis(10));
  }

  private static Node dagNode(String data, Link... links) {
    Node.Builder b = Node.newBuilder().setData(ByteString.copyFromUtf8(data));
    for (Link l : links) {
      b.addLinks(l);
    }
    return b.build();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void whatOneNodeStoresEveryNodeServes() throws Exception {
    byte[] small = random(70_000, 1);
    byte[] large = random(9 * 1024 * 1024 + 77, 2);
    Path largeIn = Files.write(dir.resolve("large.bin"), large);
    Cid smallCid;
    Cid largeCid;
    Cid rootCid;
    try (DdcClient a = client(0)) {
      smallCid = a.storeBytes(2, Buffer.buffer(small), "docs/small").await(60, TimeUnit.SECONDS);
      largeCid = a.store(1, largeIn, "big", Progress.NONE).await(60, TimeUnit.SECONDS);
      assertThat(largeCid.codec()).isEqualTo(Cid.Codec.MULTIPART);
      Cid leaf = a.storeDag(1, dagNode("leaf"), null).await(60, TimeUnit.SECONDS);
      Link toLeaf =
          Link.newBuilder()
              .setCid(ByteString.copyFrom(leaf.toBytes()))
              .setName("assets/leaf")
              .setSize(4)
              .build();
      Node root = dagNode("root", toLeaf);
      rootCid = a.storeDag(1, root, "site").await(60, TimeUnit.SECONDS);
    }
    for (int i = 1; i < 3; i++) {
      try (DdcClient other = client(i)) {
        assertThat(other.readBytes(2, smallCid.toString(), -1, -1).await(60, TimeUnit.SECONDS))
            .as("raw piece via node %d", i)
            .isEqualTo(Buffer.buffer(small));
        assertThat(other.readBytes(2, "docs/small", -1, -1).await(60, TimeUnit.SECONDS))
            .as("name via node %d", i)
            .isEqualTo(Buffer.buffer(small));
        Path out = dir.resolve("large-" + i + ".out");
        assertThat(other.read(1, "big", out, Progress.NONE).await(60, TimeUnit.SECONDS))
            .isEqualTo(large.length);
        assertThat(Files.readAllBytes(out)).as("multipart file via node %d", i).isEqualTo(large);
        assertThat(other.readDag(1, "site", null).await(60, TimeUnit.SECONDS).getData())
            .isEqualTo(ByteString.copyFromUtf8("root"));
        assertThat(
                other
                    .readDag(1, rootCid.toString(), "assets/leaf")
                    .await(60, TimeUnit.SECONDS)
                    .getData())
            .as("DAG link via node %d", i)
            .isEqualTo(ByteString.copyFromUtf8("leaf"));
      }
    }
    byte[] newer = random(3000, 5);
    try (DdcClient b = client(1);
        DdcClient c = client(2)) {
      b.storeBytes(2, Buffer.buffer(newer), "docs/small").await(60, TimeUnit.SECONDS);
      assertThat(c.readBytes(2, "docs/small", -1, -1).await(60, TimeUnit.SECONDS))
          .as("a name rewritten through B resolves to the new content through C")
          .isEqualTo(Buffer.buffer(newer));
    }
    long fetched = 0;
    for (int i = 1; i < 3; i++) {
      fetched += nodes.get(i).clusterStats().orElseThrow().fetches();
    }
    assertThat(fetched).as("pieces B and C fetched from peers to serve them").isPositive();
    HttpResponse<byte[]> viaGateway =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + nodes.get(2).httpPort() + "/1/" + largeCid))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(viaGateway.statusCode()).isEqualTo(200);
    assertThat(viaGateway.body()).isEqualTo(large);
    // The cluster manager's counters are on /metrics (gateway.md "Metrics").
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nodes.get(0).httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("ddc_cluster_live_nodes 3.0")
        .contains("ddc_repair_passes_total")
        .contains("ddc_repair_step_timeouts_total 0.0")
        .contains("ddc_repair_left_to_placement_holders_total")
        .doesNotContain("ddc_cluster_writes_acknowledged_total 0.0")
        .contains("ddc_cluster_writes_acknowledged_total");
  }

  /**
   * The parts of a multipart file stored through one node, its manifest through the others: each of
   * those lacks the parts that placement gave to the two other nodes (with ten parts, all ten on
   * both of them has odds of 3^-10), fetches them to hash the whole file, and answers its CID.
   */
  @Test
  void aMultipartManifestThroughANodeWithoutThePartsFetchesThem() throws Exception {
    int partSize = 64 * 1024;
    byte[] whole = random(9 * partSize + 1234, 6);
    List<Cid> parts = new ArrayList<>();
    try (NodeClient a =
        NodeClient.create(
            vertxes.get(0),
            Nodes.grpcUrl(nodes.get(0)),
            new NodeClientOptions().signer(Nodes.ROOT))) {
      for (int off = 0; off < whole.length; off += partSize) {
        int n = Math.min(partSize, whole.length - off);
        parts.add(
            a.putRawPiece(1, Buffer.buffer(whole).getBuffer(off, off + n), (long) off, null)
                .await(60, TimeUnit.SECONDS));
      }
    }
    long fetchedBefore = fetches(1) + fetches(2);
    Cid expected = Cid.compute(Cid.Codec.MULTIPART, whole);
    for (int i = 1; i < 3; i++) {
      try (NodeClient other =
          NodeClient.create(
              vertxes.get(i),
              Nodes.grpcUrl(nodes.get(i)),
              new NodeClientOptions().signer(Nodes.ROOT))) {
        assertThat(
                other
                    .putMultipartPiece(1, parts, partSize, whole.length, null)
                    .await(60, TimeUnit.SECONDS))
            .as("multipart CID answered by node %d", i)
            .isEqualTo(expected);
      }
    }
    assertThat(fetches(1) + fetches(2) - fetchedBefore)
        .as("parts fetched from peers to hash the whole file")
        .isPositive();
    try (DdcClient c = client(2)) {
      assertThat(c.readBytes(1, expected.toString(), -1, -1).await(60, TimeUnit.SECONDS))
          .isEqualTo(Buffer.buffer(whole));
    }
  }

  private static long fetches(int node) {
    return nodes.get(node).clusterStats().orElseThrow().fetches();
  }

  @Test
  void aPieceStoredNowhereIsNotFoundOnEveryNode() throws Exception {
    Cid absent = Cid.compute(Cid.Codec.RAW, random(100, 3));
    try (DdcClient b = client(1)) {
      assertThatThrownBy(
              () -> b.readBytes(1, absent.toString(), -1, -1).await(60, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              NodeCallException.class, e -> assertThat(e.status()).isEqualTo(5));
    }
  }

  @Test
  void aWriteBelowTheSuccessThresholdIsUnavailableAndNotReadable() throws Exception {
    Vertx v = Vertx.vertx();
    try {
      DdcNode lone = Nodes.startMember(v, dir.resolve("lone"), "it-lone", List.of(), 2);
      try (DdcClient c =
          DdcClient.create(
              v,
              new DdcClientOptions()
                  .nodes(List.of(Nodes.grpcUrl(lone)))
                  .call(new NodeClientOptions().signer(Nodes.ROOT))
                  .backoffMillis(10))) {
        byte[] content = random(1000, 4);
        assertThatThrownBy(
                () -> c.storeBytes(1, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS))
            .isInstanceOfSatisfying(
                NodeCallException.class, e -> assertThat(e.status()).isEqualTo(14));
        Cid cid = Cid.compute(Cid.Codec.RAW, content);
        assertThatThrownBy(() -> c.readBytes(1, cid.toString(), -1, -1).await(60, TimeUnit.SECONDS))
            .isInstanceOfSatisfying(
                NodeCallException.class, e -> assertThat(e.status()).isEqualTo(5));
      } finally {
        lone.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      v.close().await(30, TimeUnit.SECONDS);
    }
  }
}
