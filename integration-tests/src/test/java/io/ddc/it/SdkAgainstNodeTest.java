package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.NameNotFoundException;
import io.ddc.client.Progress;
import io.ddc.client.node.AuthTokens;
import io.ddc.client.node.NodeCallException;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.client.node.Operation;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.edge.DdcNode;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real node: files, parts, names, DAG, access rules, retries. */
class SdkAgainstNodeTest {
  @TempDir static Path dir;
  static Vertx vertx;
  static DdcNode node;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    node = Nodes.start(vertx, dir.resolve("node"), "it-sdk");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static DdcClient client(NodeClientOptions call, String... extraNodes) {
    List<String> urls = new java.util.ArrayList<>(List.of(extraNodes));
    urls.add(Nodes.grpcUrl(node));
    return DdcClient.create(
        vertx,
        new DdcClientOptions().nodes(urls).call(call).partSize(4L * 1024 * 1024).backoffMillis(10));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void smallFileWithNameRoundTripsAndMissingNameIsClear() throws Exception {
    byte[] content = random(100_000, 1);
    Path in = Files.write(dir.resolve("small.bin"), content);
    try (DdcClient c = client(new NodeClientOptions().signer(Nodes.ROOT))) {
      Cid cid = c.store(2, in, "docs/small", Progress.NONE).await(60, TimeUnit.SECONDS);
      assertThat(cid).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
      Path out = dir.resolve("small.out");
      long n = c.read(2, "docs/small", out, Progress.NONE).await(60, TimeUnit.SECONDS);
      assertThat(n).isEqualTo(content.length);
      assertThat(Files.readAllBytes(out)).isEqualTo(content);
      assertThat(dir.resolve("small.out.part")).doesNotExist();
      assertThatThrownBy(
              () ->
                  c.read(2, "docs/none", dir.resolve("x"), Progress.NONE)
                      .await(60, TimeUnit.SECONDS))
          .isInstanceOf(NameNotFoundException.class);
      assertThat(dir.resolve("x")).doesNotExist();
    }
  }

  @Test
  void largeFileIsStoredInPartsAndRangesCrossPartBoundaries() throws Exception {
    byte[] content = random(10 * 1024 * 1024 + 123, 2);
    Path in = Files.write(dir.resolve("large.bin"), content);
    AtomicLong lastProgress = new AtomicLong();
    try (DdcClient c = client(new NodeClientOptions().signer(Nodes.ROOT))) {
      Cid cid = c.store(1, in, null, (d, t) -> lastProgress.set(d)).await(120, TimeUnit.SECONDS);
      assertThat(cid.codec()).isEqualTo(Cid.Codec.MULTIPART);
      assertThat(lastProgress.get()).isEqualTo(content.length);
      int boundary = 4 * 1024 * 1024;
      Buffer range =
          c.readBytes(1, cid.toString(), boundary - 10, boundary + 9).await(60, TimeUnit.SECONDS);
      assertThat(range.getBytes())
          .isEqualTo(Arrays.copyOfRange(content, boundary - 10, boundary + 10));
      Path out = dir.resolve("large.out");
      c.read(1, cid.toString(), out, Progress.NONE).await(120, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(out)).isEqualTo(content);
    }
  }

  @Test
  void dagNodesFollowLinksByName() throws Exception {
    try (DdcClient c = client(new NodeClientOptions().signer(Nodes.ROOT))) {
      Cid leaf =
          c.storeDag(1, Node.newBuilder().setData(ByteString.copyFromUtf8("leaf")).build(), null)
              .await(60, TimeUnit.SECONDS);
      Node root =
          Node.newBuilder()
              .setData(ByteString.copyFromUtf8("root"))
              .addLinks(
                  Link.newBuilder()
                      .setCid(ByteString.copyFrom(leaf.toBytes()))
                      .setName("assets/leaf")
                      .setSize(4))
              .build();
      Cid rootCid = c.storeDag(1, root, "site").await(60, TimeUnit.SECONDS);
      assertThat(rootCid.codec()).isEqualTo(Cid.Codec.DAG_NODE);
      assertThat(c.readDag(1, "site", null).await(60, TimeUnit.SECONDS).getData().toStringUtf8())
          .isEqualTo("root");
      assertThat(
              c.readDag(1, rootCid.toString(), "assets/leaf")
                  .await(60, TimeUnit.SECONDS)
                  .getData()
                  .toStringUtf8())
          .isEqualTo("leaf");
    }
  }

  @Test
  void privateBucketNeedsTheOwnersGrantAndUnknownBucketsSayNoBucket() throws Exception {
    byte[] content = random(5000, 3);
    Cid cid;
    try (DdcClient owner = client(new NodeClientOptions().signer(Nodes.ROOT))) {
      cid = owner.storeBytes(2, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS);
      assertThatThrownBy(
              () -> owner.storeBytes(99, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              NodeCallException.class,
              e -> {
                assertThat(e.status()).isEqualTo(5);
                assertThat(e.getMessage()).contains("no bucket");
              });
    }
    var bob = Keys.fromUri("//Bob", KeyScheme.SR25519);
    try (DdcClient stranger = client(new NodeClientOptions().signer(bob))) {
      assertThatThrownBy(
              () -> stranger.readBytes(2, cid.toString(), -1, -1).await(60, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              NodeCallException.class, e -> assertThat(e.status()).isEqualTo(7));
    }
    var link =
        AuthTokens.bearer(
            Nodes.ROOT, 2, List.of(Operation.GET), null, Instant.now().plusSeconds(600));
    try (DdcClient holder = client(new NodeClientOptions().signer(bob).accessToken(link))) {
      assertThat(holder.readBytes(2, cid.toString(), -1, -1).await(60, TimeUnit.SECONDS).getBytes())
          .isEqualTo(content);
      assertThatThrownBy(
              () -> holder.storeBytes(2, Buffer.buffer("no"), null).await(60, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              NodeCallException.class, e -> assertThat(e.status()).isEqualTo(7));
    }
  }

  @Test
  void anUnreachableNodeIsSkippedByRetries() throws Exception {
    try (DdcClient c = client(new NodeClientOptions().signer(Nodes.ROOT), "grpc://127.0.0.1:1")) {
      for (int i = 0; i < 4; i++) {
        byte[] content = random(1000, 10 + i);
        Cid cid = c.storeBytes(1, Buffer.buffer(content), null).await(60, TimeUnit.SECONDS);
        assertThat(cid).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
      }
    }
  }
}
