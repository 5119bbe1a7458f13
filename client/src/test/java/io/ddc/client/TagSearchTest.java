package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client side of search.md §4 against fake nodes: paging, merging, skipping, refusals. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TagSearchTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  static String cid(int i) {
    return Cid.compute(Cid.Codec.DAG_NODE, ("n" + i).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static JsonObject hit(int i) {
    return new JsonObject()
        .put("cid", cid(i))
        .put("tags", new JsonArray().add(new JsonObject().put("key", "k").put("value", "v")))
        .put(
            "links",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "f")
                        .put("size", 3)
                        .put("cid", Cid.compute(Cid.Codec.RAW, new byte[] {(byte) i}).toString())));
  }

  /** A node answering each request with {@code answer(cursor)}: status and body. */
  String node(Function<String, Map.Entry<Integer, JsonObject>> answer) {
    HttpServer s =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  asked.add(req.uri());
                  Map.Entry<Integer, JsonObject> a = answer.apply(req.getParam("cursor"));
                  req.response().setStatusCode(a.getKey()).end(a.getValue().toBuffer());
                })
            .listen(0, "127.0.0.1")
            .await();
    return "http://127.0.0.1:" + s.actualPort();
  }

  SearchResult search(List<String> nodes) {
    return new TagSearch(vertx, vertx.createHttpClient(), nodes, "tok", Duration.ofSeconds(5))
        .run(7, Map.of("k", "v"))
        .await();
  }

  @Test
  void followsPagesAndMergesNodesByCid() {
    String a =
        node(
            cursor ->
                Map.entry(
                    200,
                    cursor == null
                        ? new JsonObject()
                            .put("results", new JsonArray().add(hit(1)).add(hit(2)))
                            .put("next", "ab")
                        : new JsonObject().put("results", new JsonArray().add(hit(3)))));
    String b =
        node(c -> Map.entry(200, new JsonObject().put("results", new JsonArray().add(hit(2)))));
    SearchResult r = search(List.of(a, b, "http://127.0.0.1:1"));
    assertThat(r.hits().stream().map(h -> h.cid().toString()))
        .containsExactlyInAnyOrder(cid(1), cid(2), cid(3))
        .isSorted();
    assertThat(r.hits().get(0).links().get(0).getName()).isEqualTo("f");
    assertThat(r.hits().get(0).tags().get(0).getValue()).isEqualTo("v");
    assertThat(r.unreachable()).hasSize(1).allMatch(u -> u.startsWith("http://127.0.0.1:1 "));
    assertThat(asked).hasSize(3).allMatch(u -> u.startsWith("/search/7?tag=k%3Dv&limit=1000"));
    assertThat(asked).anyMatch(u -> u.endsWith("&cursor=ab"));
  }

  @Test
  void aRefusalEndsTheSearchAndNoAnswerFailsIt() {
    String denied =
        node(c -> Map.entry(403, new JsonObject().put("error", "token does not allow GET")));
    assertThatThrownBy(() -> search(List.of(denied)))
        .isInstanceOf(SearchException.class)
        .hasMessageContaining("token does not allow GET")
        .extracting(e -> ((SearchException) e).status())
        .isEqualTo(403);
    String broken = node(c -> Map.entry(503, new JsonObject().put("error", "store down")));
    assertThatThrownBy(() -> search(List.of(broken, "http://127.0.0.1:1")))
        .isInstanceOf(SearchException.class)
        .hasMessageContaining("no node answered");
    assertThatThrownBy(() -> search(List.of()))
        .isInstanceOf(SearchException.class)
        .hasMessageContaining("httpNodes");
  }
}
