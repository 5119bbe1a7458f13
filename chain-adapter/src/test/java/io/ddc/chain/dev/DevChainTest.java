package io.ddc.chain.dev;

import static io.ddc.chain.dev.CountingRuntime.xt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.InvalidTransactionException;
import io.ddc.chain.client.RpcClient;
import io.ddc.chain.client.RpcErrorException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dev chain server over its JSON-RPC, driven by {@link CountingRuntime}. */
@Timeout(60)
class DevChainTest {
  private static final HexFormat HEX = HexFormat.of();
  @TempDir Path dataDir;
  DevChain chain;
  RpcClient rpc;

  private void start(boolean instantSeal) {
    chain =
        DevChain.start(
                new DevChainOptions().setPort(0).setInstantSeal(instantSeal).setDataDir(dataDir),
                new CountingRuntime())
            .join();
    rpc = RpcClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join();
  }

  @AfterEach
  void stop() {
    if (rpc != null) {
      rpc.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private Object call(String method, Object... params) {
    return rpc.call(method, params).join();
  }

  private static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  @Test
  void genesisThenBlockOneAndHeadersThatHashAsServed() {
    start(true);
    assertThat(chain.bestNumber().join()).isEqualTo(1);
    String h0 = (String) call("chain_getBlockHash", 0);
    assertThat(h0).isEqualTo(hex(chain.genesisHash()));
    JsonObject header = (JsonObject) call("chain_getHeader");
    assertThat(header.getString("number")).isEqualTo("0x1");
    assertThat(header.getString("parentHash")).isEqualTo(h0);
    // The hash a client recomputes from the JSON header equals the served block hash.
    assertThat(recomputeHash(header)).isEqualTo(call("chain_getBlockHash", 1));
    assertThat(call("chain_getFinalizedHead")).isEqualTo(call("chain_getBlockHash"));
    assertThat(call("chain_getBlockHash", 99)).isNull();
    assertThat((JsonArray) call("chain_getBlockHash", new JsonArray().add(0).add("0x1")))
        .containsExactly(h0, call("chain_getBlockHash", 1));
  }

  private static String recomputeHash(JsonObject h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HEX.parseHex(h.getString("parentHash").substring(2)));
    Scale.writeCompact(out, Long.parseLong(h.getString("number").substring(2), 16));
    out.writeBytes(HEX.parseHex(h.getString("stateRoot").substring(2)));
    out.writeBytes(HEX.parseHex(h.getString("extrinsicsRoot").substring(2)));
    out.write(0);
    return hex(Hash256.blake2(out.toByteArray()));
  }

  @Test
  void rpcMethodsListsExactlyWhatIsServed() {
    start(true);
    JsonArray methods = ((JsonObject) call("rpc_methods")).getJsonArray("methods");
    assertThat(methods.getList()).containsExactlyElementsOf(RpcMethods.NAMES);
    for (Object m : methods) {
      // Every listed method is dispatched (a parameter error is fine, "method not found" is not).
      try {
        rpc.call((String) m, new JsonArray()).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        assertThat(e.getCause()).isInstanceOf(RpcErrorException.class);
        assertThat(((RpcErrorException) e.getCause()).code()).as((String) m).isNotEqualTo(-32601);
      }
    }
    assertThatThrownBy(() -> call("state_getReadProof", "0x00"))
        .cause()
        .isInstanceOfSatisfying(
            RpcErrorException.class, e -> assertThat(e.code()).isEqualTo(-32601));
    assertThatThrownBy(() -> call("state_getStorage", 12))
        .cause()
        .isInstanceOfSatisfying(
            RpcErrorException.class, e -> assertThat(e.code()).isEqualTo(-32602));
  }

  @Test
  void watchedExtrinsicReportsReadyInBlockFinalizedInOrder() throws Exception {
    start(true);
    List<Object> statuses = new CopyOnWriteArrayList<>();
    rpc.subscribe(
            "author_submitAndWatchExtrinsic",
            "author_unwatchExtrinsic",
            new JsonArray().add(hex(xt(1, 0, 7, 7))),
            statuses::add)
        .join();
    waitFor(() -> statuses.size() == 3);
    assertThat(statuses.get(0)).isEqualTo("ready");
    String block = ((JsonObject) statuses.get(1)).getString("inBlock");
    assertThat(((JsonObject) statuses.get(2)).getString("finalized")).isEqualTo(block);
    JsonObject b = ((JsonObject) call("chain_getBlock", block)).getJsonObject("block");
    assertThat(b.getJsonArray("extrinsics").getList()).containsExactly(hex(xt(1, 0, 7, 7)));
    assertThat(call("state_getStorage", hex(CountingRuntime.payloadKey(new byte[] {7, 7}))))
        .isEqualTo("0x0707");
    assertThat(call("system_accountNextIndex", hex(new byte[31]) + "01")).isEqualTo(1);
  }

  @Test
  void poolRefusalsUseSubstrateCodes() {
    start(true);
    assertThatThrownBy(() -> call("author_submitExtrinsic", hex(xt(1, 0, 0xbb))))
        .cause()
        .isInstanceOfSatisfying(
            InvalidTransactionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(1010);
              assertThat(e.isBadProof()).isTrue();
              assertThat(e.getMessage())
                  .isEqualTo("1010: Invalid Transaction: Transaction has a bad signature");
            });
    call("author_submitExtrinsic", hex(xt(2, 0, 1)));
    waitFor(() -> call("author_pendingExtrinsics") instanceof JsonArray a && a.isEmpty());
    assertThatThrownBy(() -> call("author_submitExtrinsic", hex(xt(2, 0, 2))))
        .cause()
        .isInstanceOfSatisfying(
            InvalidTransactionException.class, e -> assertThat(e.isStale()).isTrue());
    assertThatThrownBy(() -> call("author_submitExtrinsic", "0x01"))
        .cause()
        .isInstanceOfSatisfying(RpcErrorException.class, e -> assertThat(e.code()).isEqualTo(1001));
  }

  @Test
  void futureNoncesWaitForTheirPredecessorAndAccountNextIndexCountsThePool() {
    start(false); // 6 s blocks: nothing is sealed unless asked
    call("author_submitExtrinsic", hex(xt(1, 2, 0xc2)));
    call("author_submitExtrinsic", hex(xt(1, 1, 0xc1)));
    assertThat(call("system_accountNextIndex", hex(new byte[31]) + "01")).isEqualTo(0);
    call("author_submitExtrinsic", hex(xt(1, 0, 0xc0)));
    assertThat(call("system_accountNextIndex", hex(new byte[31]) + "01")).isEqualTo(3);
    assertThatThrownBy(() -> call("author_submitExtrinsic", hex(xt(1, 0, 0xc0))))
        .cause()
        .isInstanceOfSatisfying(RpcErrorException.class, e -> assertThat(e.code()).isEqualTo(1013));
    String hash = ((JsonObject) call("engine_createBlock", true, true)).getString("hash");
    JsonArray xts =
        ((JsonObject) call("chain_getBlock", hash))
            .getJsonObject("block")
            .getJsonArray("extrinsics");
    assertThat(xts.getList())
        .containsExactly(hex(xt(1, 0, 0xc0)), hex(xt(1, 1, 0xc1)), hex(xt(1, 2, 0xc2)));
    assertThat((JsonArray) call("author_pendingExtrinsics")).isEmpty();
  }

  @Test
  void historicalStateKeysAndStorageSubscriptions() {
    start(false);
    byte[] key = CountingRuntime.payloadKey(new byte[] {5});
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    rpc.subscribe(
            "state_subscribeStorage",
            "state_unsubscribeStorage",
            new JsonArray().add(new JsonArray().add(hex(key))),
            r -> changes.add((JsonObject) r))
        .join();
    waitFor(() -> changes.size() == 1);
    assertThat(changes.get(0).getJsonArray("changes").getJsonArray(0).getValue(1)).isNull();
    String before = (String) call("chain_getBlockHash");
    call("author_submitExtrinsic", hex(xt(2, 0, 5)));
    String after = (String) call("dev_newBlock", new JsonObject().put("count", 2));
    waitFor(() -> changes.size() == 2);
    assertThat(changes.get(1).getJsonArray("changes").getJsonArray(0).getString(1))
        .isEqualTo("0x05");
    assertThat(call("state_getStorage", hex(key), before)).isNull();
    assertThat(call("state_getStorage", hex(key), after)).isEqualTo("0x05");
    assertThat(call("state_getStorageSize", hex(key))).isEqualTo(1);
    assertThat(call("state_getStorageHash", hex(key)))
        .isEqualTo(hex(Hash256.blake2(new byte[] {5})));
    assertThat((JsonArray) call("state_getKeys", "0x78", before)).isEmpty();
    assertThat(((JsonArray) call("state_getKeys", "0x78")).getList()).containsExactly(hex(key));
    JsonArray page1 = (JsonArray) call("state_getKeysPaged", "0x", 2);
    JsonArray page2 = (JsonArray) call("state_getKeysPaged", "0x", 2, page1.getString(1));
    assertThat(page1.getList()).doesNotContainAnyElementsOf(page2.getList());
    assertThat(page1.size() + page2.size()).isEqualTo(4); // 2 nonces, number, payload
    JsonArray q = (JsonArray) call("state_queryStorageAt", new JsonArray().add(hex(key)), before);
    assertThat(q.getJsonObject(0).getString("block")).isEqualTo(before);
    assertThatThrownBy(() -> call("state_getStorage", hex(key), "0x" + "00".repeat(32)))
        .cause()
        .isInstanceOfSatisfying(
            RpcErrorException.class, e -> assertThat(e.code()).isEqualTo(-32000));
    assertThat(call("state_call", "echo", "0x0102")).isEqualTo("0x0102");
  }

  @Test
  void restartKeepsGenesisBlocksAndState() throws Exception {
    start(true);
    byte[] genesis = chain.genesisHash();
    call("author_submitExtrinsic", hex(xt(1, 0, 9)));
    waitFor(() -> chain.bestNumber().join() == 2);
    String root = ((JsonObject) call("chain_getHeader")).getString("stateRoot");
    rpc.close();
    chain.close();
    start(true);
    assertThat(chain.genesisHash()).isEqualTo(genesis);
    assertThat(chain.bestNumber().join()).isEqualTo(2);
    assertThat(((JsonObject) call("chain_getHeader")).getString("stateRoot")).isEqualTo(root);
    assertThat(call("state_getStorage", hex(CountingRuntime.payloadKey(new byte[] {9}))))
        .isEqualTo("0x09");
    assertThat(call("system_accountNextIndex", hex(new byte[31]) + "01")).isEqualTo(1);
    assertThatThrownBy(() -> call("author_submitExtrinsic", hex(xt(1, 0, 9))))
        .cause()
        .isInstanceOf(InvalidTransactionException.class);
  }

  @Test
  void httpPostServesRequestsAndBatchesButNoSubscriptions() throws Exception {
    start(true);
    HttpClient http = HttpClient.newHttpClient();
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system_chain\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"chain_subscribeNewHeads\"}]";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(chain.httpUri().toString()))
                .POST(HttpRequest.BodyPublishers.ofString(batch))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonArray replies = new JsonArray(r.body());
    assertThat(replies.getJsonObject(0).getString("result")).isEqualTo("Development");
    assertThat(replies.getJsonObject(1).getJsonObject("error").getInteger("code"))
        .isEqualTo(-32601);
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create(chain.httpUri().toString()))
                .POST(HttpRequest.BodyPublishers.ofString("{nope"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(bad.body()).getJsonObject("error").getInteger("code"))
        .isEqualTo(-32700);
  }

  @Test
  void newHeadsSubscriptionStartsWithTheCurrentHead() {
    start(false);
    List<JsonObject> heads = new CopyOnWriteArrayList<>();
    rpc.subscribe(
            "chain_subscribeNewHeads",
            "chain_unsubscribeNewHeads",
            new JsonArray(),
            h -> heads.add((JsonObject) h))
        .join();
    waitFor(() -> heads.size() == 1);
    assertThat(heads.get(0).getString("number")).isEqualTo("0x1");
    call("engine_createBlock", true, true);
    waitFor(() -> heads.size() == 2);
    assertThat(heads.get(1).getString("number")).isEqualTo("0x2");
  }

  private static void waitFor(BooleanSupplier cond) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
