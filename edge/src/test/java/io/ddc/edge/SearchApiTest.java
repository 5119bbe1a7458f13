package io.ddc.edge;

import static io.ddc.edge.TestKeys.ALICE;
import static io.ddc.edge.TestKeys.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /search/{bucket}} against a node: results, paging, authorization, errors, restart. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchApiTest {
  @TempDir Path dir;
  Vertx vertx;
  HttpClient http;
  DdcNode node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    node = startNode();
  }

  private DdcNode startNode() {
    return DdcNode.start(
            vertx,
            TestKeys.testNode(dir)
                .buckets(
                    List.of(
                        new NodeOptions.StaticBucket(1, TestKeys.ownerHex(ALICE), true),
                        new NodeOptions.StaticBucket(2, TestKeys.ownerHex(ALICE), false))))
        .await();
  }

  @AfterEach
  void stop() {
    node.close().await();
    vertx.close().await();
  }

  record Reply(int status, JsonObject json) {}

  Reply search(String query, String authorization) {
    return http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", "/search/" + query)
        .compose(
            r -> {
              if (authorization != null) {
                r.putHeader("authorization", authorization);
              }
              return r.send();
            })
        .compose(r -> r.body().map(b -> new Reply(r.statusCode(), b.toJsonObject())))
        .await();
  }

  Cid dagPut(long bucket, Node n) throws Exception {
    GrpcTestClient.Reply r =
        new GrpcTestClient(vertx, node.grpcPort())
            .call(
                "/dag.DagApi/Put",
                Map.of(
                    "correlation-id",
                    UUID.randomUUID().toString(),
                    "token",
                    TestKeys.defaultToken(ALICE)),
                List.of(
                    Buffer.buffer(
                        io.ddc.protocol.proto.dag.PutRequest.newBuilder()
                            .setBucketId(bucket)
                            .setNode(n)
                            .build()
                            .toByteArray())));
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    return Cid.fromBytes(
        io.ddc.protocol.proto.dag.PutResponse.parseFrom(r.single().getBytes())
            .getCid()
            .toByteArray());
  }

  static Node tagged(String data, String... kv) {
    Node.Builder b = Node.newBuilder().setData(ByteString.copyFromUtf8(data));
    for (int i = 0; i < kv.length; i += 2) {
      b.addTags(Tag.newBuilder().setKey(kv[i]).setValue(kv[i + 1]));
    }
    return b.build();
  }

  static List<String> cids(Reply r) {
    List<String> out = new ArrayList<>();
    r.json().getJsonArray("results").forEach(o -> out.add(((JsonObject) o).getString("cid")));
    return out;
  }

  static String tag(String kv) {
    return "tag=" + URLEncoder.encode(kv, StandardCharsets.UTF_8);
  }

  @Test
  void findsTaggedNodesWithTheirTagsAndLinks() throws Exception {
    Cid leaf = Cid.compute(Cid.Codec.RAW, "photo".getBytes(StandardCharsets.UTF_8));
    Node withLink =
        tagged("album", "kind", "album", "year", "2024").toBuilder()
            .addLinks(
                Link.newBuilder()
                    .setName("cat.jpg")
                    .setSize(5)
                    .setCid(ByteString.copyFrom(leaf.toBytes())))
            .build();
    Cid album = dagPut(1, withLink);
    Cid other = dagPut(1, tagged("other", "kind", "album", "year", "2023"));
    dagPut(1, tagged("untagged"));
    dagPut(2, tagged("private", "kind", "album"));

    Reply all = search("1?" + tag("kind=album"), null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(cids(all)).containsExactlyInAnyOrder(album.toString(), other.toString());
    assertThat(all.json().containsKey("next")).isFalse();

    Reply one = search("1?" + tag("kind=album") + "&" + tag("year=2024"), null);
    assertThat(cids(one)).containsExactly(album.toString());
    JsonObject hit = one.json().getJsonArray("results").getJsonObject(0);
    assertThat(hit.getJsonArray("tags"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("key", "kind").put("value", "album"))
                .add(new JsonObject().put("key", "year").put("value", "2024")));
    assertThat(hit.getJsonArray("links").getJsonObject(0).getString("cid"))
        .isEqualTo(leaf.toString());
    assertThat(hit.getJsonArray("links").getJsonObject(0).getString("name")).isEqualTo("cat.jpg");
    assertThat(cids(search("1?" + tag("kind=photo"), null))).isEmpty();
    assertThat(cids(search("1?" + tag("year=2024=x"), null))).isEmpty();
  }

  @Test
  void pagesWithLimitAndCursor() throws Exception {
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stored.add(dagPut(1, tagged("n" + i, "batch", "b")).toString());
    }
    List<String> seen = new ArrayList<>();
    String q = "1?" + tag("batch=b") + "&limit=2";
    Reply page = search(q, null);
    seen.addAll(cids(page));
    int pages = 1;
    while (page.json().containsKey("next")) {
      page = search(q + "&cursor=" + page.json().getString("next"), null);
      seen.addAll(cids(page));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(stored).doesNotHaveDuplicates();
  }

  @Test
  void privateBucketsNeedATokenWithReadRights() throws Exception {
    Cid secret = dagPut(2, tagged("s", "k", "v"));
    assertThat(search("2?" + tag("k=v"), null).status()).isEqualTo(401);
    Reply bob = search("2?" + tag("k=v"), "Bearer " + TestKeys.defaultToken(BOB));
    assertThat(bob.status()).isEqualTo(403);
    assertThat(bob.json().getString("error")).isNotBlank();
    assertThat(
            search("2?" + tag("k=v"), "Bearer " + TestKeys.bearer(ALICE, 1, Operation.GET))
                .status())
        .isEqualTo(403);
    assertThat(
            cids(search("2?" + tag("k=v"), "Bearer " + TestKeys.bearer(ALICE, 2, Operation.GET))))
        .containsExactly(secret.toString());
    assertThat(
            cids(
                search(
                    "2?" + tag("k=v") + "&token=" + TestKeys.bearer(ALICE, 2, Operation.GET),
                    null)))
        .containsExactly(secret.toString());
  }

  @Test
  void badQueriesAndUnknownBucketsAreRefusedClearly() {
    assertThat(search("1", null).status()).isEqualTo(400);
    assertThat(search("1?" + tag("=v"), null).status()).isEqualTo(400);
    assertThat(search("1?" + tag("k=v") + "&limit=0", null).status()).isEqualTo(400);
    assertThat(search("1?" + tag("k=v") + "&cursor=zz", null).status()).isEqualTo(400);
    assertThat(search("x?" + tag("k=v"), null).status()).isEqualTo(400);
    Reply none = search("99?" + tag("k=v"), null);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().getString("error")).isEqualTo("no bucket 99");
    assertThatThrownBy(() -> SearchApi.parse("/search/1", List.of("k"), null, null))
        .isInstanceOf(EdgeException.class)
        .hasMessageContaining("key=value");
  }

  @Test
  void theIndexOutlivesARestart() throws Exception {
    Cid kept = dagPut(1, tagged("kept", "k", "v"));
    node.close().await();
    node = startNode();
    assertThat(cids(search("1?" + tag("k=v"), null))).containsExactly(kept.toString());
  }
}
