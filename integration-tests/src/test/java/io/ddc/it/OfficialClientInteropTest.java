package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.Progress;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.edge.DdcNode;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data stored with the Java SDK is read by the official JS client (npm {@code
 * @cere-ddc-sdk/ddc-client} 2.16.1, {@code conformance/run-interop.mjs}) and the reverse, against a
 * real in-process node: a raw piece, a multipart file of two 4 MiB parts (the smallest part size
 * both clients allow), a DAG with a tagged root and links followed by path, and CNS names. Where
 * both sides compute a CID (raw pieces, multipart manifests, DAG nodes) the CIDs must be equal.
 * Needs Node.js and npm: fails, not skips, without them; runs {@code npm ci} when {@code
 * conformance/node_modules} is absent.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OfficialClientInteropTest {
  static final long BUCKET = 2;
  static final int PART = 4 * 1024 * 1024;

  @TempDir static Path dir;
  static Vertx vertx;
  static DdcNode node;

  @BeforeAll
  static void start() throws Exception {
    Conformance.install(dir);
    vertx = Vertx.vertx();
    node = Nodes.start(vertx, dir.resolve("node"), "it-interop");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close().await(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void officialClientReadsWhatTheJavaSdkStored() throws Exception {
    byte[] raw = random(5000, 11);
    byte[] multi = random(2 * PART - 1000, 12);
    byte[] named = random(777, 13);
    Cid rawCid;
    Cid multiCid;
    Cid leafCid;
    Cid rootCid;
    Cid namedCid;
    Node root;
    Cid dirCid;
    Path site = Files.createDirectories(dir.resolve("site/assets"));
    byte[] page = "<h1>stored from the JVM</h1>".getBytes(StandardCharsets.UTF_8);
    byte[] script = random(PART + 10, 14);
    Files.write(dir.resolve("site/index.html"), page);
    Files.write(site.resolve("app.js"), script);
    try (DdcClient c = client()) {
      rawCid = c.storeBytes(BUCKET, Buffer.buffer(raw), null).await(30, TimeUnit.SECONDS);
      multiCid =
          c.store(BUCKET, Files.write(dir.resolve("java-multi.bin"), multi), null, Progress.NONE)
              .await(60, TimeUnit.SECONDS);
      leafCid = c.storeDag(BUCKET, dagNode("java leaf"), null).await(30, TimeUnit.SECONDS);
      root =
          dagNode("java root").toBuilder()
              .addLinks(link(leafCid, "assets/leaf.txt", 9))
              .addLinks(link(rawCid, "raw", raw.length))
              .addTags(Tag.newBuilder().setKey("lang").setValue("java"))
              .build();
      rootCid = c.storeDag(BUCKET, root, "interop/java-dag").await(30, TimeUnit.SECONDS);
      namedCid =
          c.storeBytes(BUCKET, Buffer.buffer(named), "interop/java-file")
              .await(30, TimeUnit.SECONDS);
      dirCid =
          c.storeDirectory(BUCKET, dir.resolve("site"), null, Progress.NONE)
              .await(60, TimeUnit.SECONDS);
    }
    assertThat(multiCid.codec()).isEqualTo(Cid.Codec.MULTIPART);
    int rangeStart = PART - 100;
    JsonObject wanted =
        new JsonObject()
            .put("raw", rawCid.toString())
            .put("multipart", multiCid.toString())
            .put("rangeStart", rangeStart)
            .put("rangeLength", 200)
            .put("dag", rootCid.toString())
            .put("dagPath", "assets/leaf.txt")
            .put("dagName", "interop/java-dag")
            .put("name", "interop/java-file")
            .put("directory", dirCid.toString());

    JsonObject got = interop("read", wanted.encode());

    assertFile(got.getJsonObject("raw"), rawCid, raw);
    assertFile(got.getJsonObject("multipart"), multiCid, multi);
    assertThat(got.getJsonObject("multipartRange").getString("sha256"))
        .isEqualTo(sha256(Arrays.copyOfRange(multi, rangeStart, rangeStart + 200)));
    JsonObject dag = got.getJsonObject("dag");
    assertThat(dag.getString("cid")).isEqualTo(rootCid.toString());
    assertThat(dag.getString("data")).isEqualTo(hex("java root"));
    assertThat(dag.getJsonArray("links"))
        .isEqualTo(
            new JsonArray()
                .add(jsLink(leafCid, "assets/leaf.txt", 9))
                .add(jsLink(rawCid, "raw", raw.length)));
    assertThat(dag.getJsonArray("tags"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("key", "lang").put("value", "java")));
    // The official client labels a node read through a path with the CID it asked for (the root).
    JsonObject leaf = got.getJsonObject("dagPath");
    assertThat(leaf.getString("data")).isEqualTo(hex("java leaf"));
    assertThat(leaf.getJsonArray("links")).isEmpty();
    assertThat(leaf.getJsonArray("tags")).isEmpty();
    assertThat(got.getJsonObject("dagByName").getString("cid")).isEqualTo(rootCid.toString());
    JsonObject name = got.getJsonObject("name");
    assertThat(name.getString("resolved")).isEqualTo(namedCid.toString());
    assertFile(name, namedCid, named);
    JsonArray files = got.getJsonArray("directory");
    assertThat(files).hasSize(2);
    assertDirectoryEntry(files.getJsonObject(0), "assets/app.js", script);
    assertDirectoryEntry(files.getJsonObject(1), "index.html", page);
  }

  /** A directory link as the official client saw it: its name, size and the file behind it. */
  private static void assertDirectoryEntry(JsonObject entry, String name, byte[] data)
      throws Exception {
    assertThat(entry.getString("name")).isEqualTo(name);
    assertThat(entry.getLong("size")).isEqualTo(data.length);
    assertBytes(entry, data);
  }

  @Test
  void javaSdkReadsWhatTheOfficialClientStored() throws Exception {
    JsonObject stored = interop("store", null);
    try (DdcClient c = client()) {
      JsonObject raw = stored.getJsonObject("raw");
      byte[] rawBytes = readAll(c, raw.getString("cid"), "js-raw");
      assertBytes(raw, rawBytes);
      assertThat(Cid.compute(Cid.Codec.RAW, rawBytes).toString()).isEqualTo(raw.getString("cid"));

      JsonObject multi = stored.getJsonObject("multipart");
      Cid multiCid = Cid.parse(multi.getString("cid"));
      assertThat(multiCid.codec()).isEqualTo(Cid.Codec.MULTIPART);
      byte[] multiBytes = readAll(c, multi.getString("cid"), "js-multi");
      assertBytes(multi, multiBytes);
      Buffer across =
          c.readBytes(BUCKET, multiCid.toString(), PART - 50, PART + 49)
              .await(30, TimeUnit.SECONDS);
      assertThat(across.getBytes()).isEqualTo(Arrays.copyOfRange(multiBytes, PART - 50, PART + 50));
      // the same bytes in parts of the same size make the same manifest, hence the same CID
      Cid again =
          c.store(
                  BUCKET,
                  Files.write(dir.resolve("js-multi.again"), multiBytes),
                  null,
                  Progress.NONE)
              .await(60, TimeUnit.SECONDS);
      assertThat(again).isEqualTo(multiCid);

      JsonObject dag = stored.getJsonObject("dag");
      Node root = c.readDag(BUCKET, dag.getString("root"), null).await(30, TimeUnit.SECONDS);
      assertThat(root.getData().toStringUtf8()).isEqualTo("js root");
      assertThat(root.getLinksList())
          .containsExactly(
              link(Cid.parse(dag.getString("leaf")), "docs/leaf.txt", 7),
              link(Cid.parse(raw.getString("cid")), "raw", raw.getInteger("length")));
      assertThat(root.getTagsList())
          .containsExactly(Tag.newBuilder().setKey("lang").setValue("js").build());
      assertThat(c.storeDag(BUCKET, root, null).await(30, TimeUnit.SECONDS).toString())
          .isEqualTo(dag.getString("root"));
      Node leaf =
          c.readDag(BUCKET, dag.getString("root"), dag.getString("leafPath"))
              .await(30, TimeUnit.SECONDS);
      assertThat(leaf.getData().toStringUtf8()).isEqualTo("js leaf");
      assertThat(c.storeDag(BUCKET, leaf, null).await(30, TimeUnit.SECONDS).toString())
          .isEqualTo(dag.getString("leaf"));
      assertThat(
              c.resolvePath(BUCKET, Cid.parse(dag.getString("root")), dag.getString("leafPath"))
                  .await(30, TimeUnit.SECONDS)
                  .toString())
          .isEqualTo(dag.getString("leaf"));
      assertThat(c.readDag(BUCKET, dag.getString("name"), null).await(30, TimeUnit.SECONDS))
          .isEqualTo(root);

      JsonObject name = stored.getJsonObject("name");
      assertThat(
              c.resolve(BUCKET, name.getString("name"), UUID.randomUUID().toString())
                  .await(30, TimeUnit.SECONDS)
                  .toString())
          .isEqualTo(name.getString("cid"));
      assertBytes(name, readAll(c, name.getString("name"), "js-named"));
    }
  }

  private static DdcClient client() {
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(List.of(Nodes.grpcUrl(node)))
            .call(new NodeClientOptions().signer(Nodes.ROOT))
            .partSize(PART)
            .backoffMillis(10));
  }

  private static byte[] readAll(DdcClient c, String cidOrName, String file) throws Exception {
    Path out = dir.resolve(file + ".out");
    c.read(BUCKET, cidOrName, out, Progress.NONE).await(60, TimeUnit.SECONDS);
    return Files.readAllBytes(out);
  }

  /**
   * {@code facts} (length, sha256 and, when present, cid) describe {@code cid} and {@code data}.
   */
  private static void assertFile(JsonObject facts, Cid cid, byte[] data) throws Exception {
    assertThat(facts.getString("cid")).isEqualTo(cid.toString());
    assertBytes(facts, data);
  }

  private static void assertBytes(JsonObject facts, byte[] data) throws Exception {
    assertThat(facts.getInteger("length")).isEqualTo(data.length);
    assertThat(facts.getString("sha256")).isEqualTo(sha256(data));
  }

  private static Node dagNode(String data) {
    return Node.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
  }

  private static Link link(Cid cid, String name, long size) {
    return Link.newBuilder()
        .setCid(ByteString.copyFrom(cid.toBytes()))
        .setName(name)
        .setSize(size)
        .build();
  }

  private static JsonObject jsLink(Cid cid, String name, long size) {
    return new JsonObject().put("cid", cid.toString()).put("name", name).put("size", size);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String hex(String utf8) {
    return HexFormat.of().formatHex(utf8.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /**
   * Runs {@code run-interop.mjs} in {@code mode} (with {@code arg} when not null) as the buckets'
   * owner against the node and returns the JSON it printed; fails with its output otherwise.
   */
  private static JsonObject interop(String mode, String arg) throws Exception {
    List<String> cmd =
        arg == null
            ? List.of("node", "run-interop.mjs", mode)
            : List.of("node", "run-interop.mjs", mode, arg);
    Conformance.Result r =
        Conformance.exec(
            dir,
            90,
            Map.of(
                "DDC_GRPC_URL",
                Nodes.grpcUrl(node),
                "DDC_HTTP_URL",
                "http://127.0.0.1:" + node.httpPort(),
                "DDC_BUCKET",
                Long.toString(BUCKET)),
            cmd.toArray(String[]::new));
    return Conformance.result(r, "run-interop.mjs " + mode, "INTEROP ");
  }
}
