package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RpcClient} against a scripted JSON-RPC WebSocket server: answers, errors, subscriptions,
 * reconnects.
 */
@Timeout(60)
class RpcClientTest {
  Vertx vertx;
  HttpServer server;
  int port;
  final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  final AtomicInteger subscriptions = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    listen(0);
  }

  private void listen(int p) throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(p));
    server.webSocketHandler(this::serve);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  private void serve(ServerWebSocket ws) {
    sockets.add(ws);
    ws.textMessageHandler(
        text -> {
          JsonObject req = new JsonObject(text);
          Object id = req.getValue("id");
          JsonArray params = req.getJsonArray("params");
          switch (req.getString("method")) {
            case "echo" ->
                ws.writeTextMessage(
                    new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("id", id)
                        .put("result", params.getValue(0))
                        .encode());
            case "silent" -> {}
            case "bad_tx" ->
                ws.writeTextMessage(
                    new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("id", id)
                        .put(
                            "error",
                            new JsonObject()
                                .put("code", 1010)
                                .put("message", "Invalid Transaction")
                                .put("data", "Transaction is outdated"))
                        .encode());
            case "tick_subscribe" -> {
              String sub = "s" + subscriptions.incrementAndGet();
              ws.writeTextMessage(
                  new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", sub).encode());
              for (int i = 0; i < 3; i++) {
                ws.writeTextMessage(
                    new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("method", "tick")
                        .put("params", new JsonObject().put("subscription", sub).put("result", i))
                        .encode());
              }
            }
            default ->
                ws.writeTextMessage(
                    new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("id", id)
                        .put(
                            "error",
                            new JsonObject().put("code", -32601).put("message", "Method not found"))
                        .encode());
          }
        });
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private RpcClient connect(Duration timeout) {
    return RpcClient.connect(
            vertx,
            new ChainClientOptions()
                .setUri(URI.create("ws://127.0.0.1:" + port))
                .setRequestTimeout(timeout)
                .setInitialBackoff(Duration.ofMillis(20))
                .setMaxBackoff(Duration.ofMillis(200)))
        .join();
  }

  @Test
  void answersAndErrors() {
    RpcClient c = connect(Duration.ofSeconds(5));
    assertThat(c.call("echo", "hi").join()).isEqualTo("hi");
    assertThatThrownBy(() -> c.call("missing").get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcErrorException.class,
            e -> {
              assertThat(e.code()).isEqualTo(-32601);
              assertThat(e).isNotInstanceOf(InvalidTransactionException.class);
            });
    assertThatThrownBy(() -> c.call("bad_tx").get())
        .cause()
        .isInstanceOfSatisfying(
            InvalidTransactionException.class,
            e -> {
              assertThat(e.isStale()).isTrue();
              assertThat(e.getMessage())
                  .isEqualTo("1010: Invalid Transaction: Transaction is outdated");
            });
    c.close();
  }

  @Test
  void unansweredRequestTimesOut() {
    RpcClient c = connect(Duration.ofMillis(300));
    assertThatThrownBy(() -> c.call("silent").get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("no answer within 300 ms");
    c.close();
  }

  @Test
  void connectFailsWhenNothingListens() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> connect(Duration.ofMillis(500)))
        .cause()
        .isInstanceOf(ChainUnavailableException.class);
  }

  @Test
  void subscriptionDeliversAndIsRenewedAfterReconnect() throws Exception {
    RpcClient c = connect(Duration.ofSeconds(5));
    List<Object> ticks = new CopyOnWriteArrayList<>();
    c.subscribe("tick_subscribe", null, new JsonArray(), ticks::add).join();
    waitFor(() -> ticks.size() == 3);
    assertThat(ticks).containsExactly(0, 1, 2);
    // Drop the connection from the server side: the client reconnects and subscribes again.
    for (ServerWebSocket ws : sockets) {
      ws.close();
    }
    waitFor(() -> ticks.size() == 6);
    assertThat(subscriptions.get()).isEqualTo(2);
    assertThat(c.call("echo", 7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
    c.close();
    assertThatThrownBy(() -> c.call("echo", 1).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ChainUnavailableException.class);
  }

  private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cond.getAsBoolean()).as("condition within 10 s").isTrue();
  }
}
