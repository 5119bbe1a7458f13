package io.ddc.chain.dev;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dev chain's JSON-RPC methods (docs/spec/dev-chain.md §5). {@code rpc_methods} lists exactly
 * the names in {@link #NAMES}.
 */
final class RpcMethods {
  /**
   * Marker result: the method already wrote its reply (subscriptions, so the id precedes the first
   * event).
   */
  static final Object REPLIED = new Object();

  static final List<String> NAMES =
      List.of(
          "author_pendingExtrinsics",
          "author_submitAndWatchExtrinsic",
          "author_submitExtrinsic",
          "author_unwatchExtrinsic",
          "chain_getBlock",
          "chain_getBlockHash",
          "chain_getFinalizedHead",
          "chain_getHeader",
          "chain_subscribeAllHeads",
          "chain_subscribeFinalizedHeads",
          "chain_subscribeNewHead",
          "chain_subscribeNewHeads",
          "chain_unsubscribeAllHeads",
          "chain_unsubscribeFinalizedHeads",
          "chain_unsubscribeNewHead",
          "chain_unsubscribeNewHeads",
          "dev_newBlock",
          "engine_createBlock",
          "payment_queryFeeDetails",
          "payment_queryInfo",
          "rpc_methods",
          "state_call",
          "state_getKeys",
          "state_getKeysPaged",
          "state_getMetadata",
          "state_getRuntimeVersion",
          "state_getStorage",
          "state_getStorageHash",
          "state_getStorageSize",
          "state_queryStorageAt",
          "state_subscribeRuntimeVersion",
          "state_subscribeStorage",
          "state_unsubscribeRuntimeVersion",
          "state_unsubscribeStorage",
          "system_accountNextIndex",
          "system_chain",
          "system_chainType",
          "system_health",
          "system_localPeerId",
          "system_name",
          "system_nodeRoles",
          "system_peers",
          "system_properties",
          "system_syncState",
          "system_version");

  /** Keys per {@code state_getKeysPaged} call: at most {@value} (Substrate's limit). */
  static final int MAX_KEYS_PAGE = 1000;

  private final ChainCore core;
  private final RpcServer server;
  private final DevChain devChain;

  private enum HeadKind {
    NEW("chain_newHead"),
    FINALIZED("chain_finalizedHead"),
    ALL("chain_allHead");

    final String notification;

    HeadKind(String notification) {
      this.notification = notification;
    }
  }

  private record HeadSub(RpcServer.Connection c, HeadKind kind) {}

  private record StorageSub(RpcServer.Connection c, List<byte[]> keys) {}

  // Written from event loops (unsubscribe, close) and read on the chain thread.
  private final Map<String, HeadSub> headSubs = new ConcurrentHashMap<>();
  private final Map<String, StorageSub> storageSubs = new ConcurrentHashMap<>();

  RpcMethods(ChainCore core, RpcServer server, DevChain devChain) {
    this.core = core;
    this.server = server;
    this.devChain = devChain;
    core.addListener(this::onBlock);
  }

  private void onBlock(Block b, Set<ByteKey> changed) {
    JsonObject header = b.header().toJson();
    for (Map.Entry<String, HeadSub> e : headSubs.entrySet()) {
      e.getValue().c().notify(e.getValue().kind().notification, e.getKey(), header);
    }
    for (Map.Entry<String, StorageSub> e : storageSubs.entrySet()) {
      StorageSub s = e.getValue();
      JsonArray changes = new JsonArray();
      if (s.keys().isEmpty()) {
        for (ByteKey k : changed) {
          changes.add(
              new JsonArray()
                  .add(Hex.encode(k.bytes()))
                  .add(hexOrNull(core.storage(k.bytes(), b))));
        }
      } else {
        for (byte[] k : s.keys()) {
          if (changed.contains(new ByteKey(k))) {
            changes.add(new JsonArray().add(Hex.encode(k)).add(hexOrNull(core.storage(k, b))));
          }
        }
      }
      if (!changes.isEmpty()) {
        s.c()
            .notify(
                "state_storage",
                e.getKey(),
                new JsonObject().put("block", Hex.encode(b.hash())).put("changes", changes));
      }
    }
  }

  Future<Object> dispatch(String method, JsonArray p, RpcServer.Connection c, Object id) {
    switch (method) {
      case "rpc_methods":
        return done(new JsonObject().put("methods", new JsonArray(new ArrayList<>(NAMES))));
      case "system_chain":
        return done("Development");
      case "system_name":
        return done("ddc-dev-chain");
      case "system_version":
        return done(DevChain.VERSION);
      case "system_chainType":
        return done("Development");
      case "system_properties":
        return done(devChain.properties().copy());
      case "system_health":
        return done(
            new JsonObject().put("peers", 0).put("isSyncing", false).put("shouldHavePeers", false));
      case "system_peers":
        return done(new JsonArray());
      case "system_localPeerId":
        return done(devChain.peerId());
      case "system_nodeRoles":
        return done(new JsonArray().add("Authority"));
      case "system_syncState":
        return chain(
            () -> {
              long n = core.head().number();
              return new JsonObject()
                  .put("startingBlock", 0)
                  .put("currentBlock", n)
                  .put("highestBlock", n);
            });
      case "system_accountNextIndex":
        {
          byte[] account = Accounts.decode(str(p, 0, "account"));
          return chain(() -> core.accountNextIndex(account));
        }
      case "chain_getBlockHash":
        return getBlockHash(p);
      case "chain_getHeader":
        {
          byte[] at = optHash(p, 0);
          return chain(
              () -> {
                Block b = at == null ? core.head() : core.block(at);
                return b == null ? null : b.header().toJson();
              });
        }
      case "chain_getBlock":
        {
          byte[] at = optHash(p, 0);
          return chain(
              () -> {
                Block b = at == null ? core.head() : core.block(at);
                if (b == null) {
                  return null;
                }
                JsonArray xts = new JsonArray();
                for (byte[] x : b.extrinsics()) {
                  xts.add(Hex.encode(x));
                }
                return new JsonObject()
                    .put(
                        "block",
                        new JsonObject().put("header", b.header().toJson()).put("extrinsics", xts))
                    .put("justifications", null);
              });
        }
      case "chain_getFinalizedHead":
        return chain(() -> Hex.encode(core.head().hash()));
      case "chain_subscribeNewHeads", "chain_subscribeNewHead", "subscribe_newHead":
        // polkadot-js subscribes with the singular 1.x name.
        return subscribeHeads(c, id, HeadKind.NEW);
      case "chain_subscribeFinalizedHeads":
        return subscribeHeads(c, id, HeadKind.FINALIZED);
      case "chain_subscribeAllHeads":
        return subscribeHeads(c, id, HeadKind.ALL);
      case "chain_unsubscribeNewHeads":
      case "chain_unsubscribeNewHead":
      case "unsubscribe_newHead":
      case "chain_unsubscribeFinalizedHeads":
      case "chain_unsubscribeAllHeads":
      case "state_unsubscribeRuntimeVersion":
      case "state_unsubscribeStorage":
      case "author_unwatchExtrinsic":
        return unsubscribe(c, str(p, 0, "subscription id"));
      case "state_getMetadata":
        {
          byte[] at = optHash(p, 0);
          return chain(
              () -> {
                core.at(at);
                return Hex.encode(core.runtime().metadata());
              });
        }
      case "state_getRuntimeVersion":
        {
          byte[] at = optHash(p, 0);
          return chain(
              () -> {
                core.at(at);
                return runtimeVersionJson();
              });
        }
      case "state_subscribeRuntimeVersion":
        {
          requireWs(c);
          String sub = RpcServer.newSubscriptionId();
          c.subscriptions.put(sub, () -> {});
          server.runOnChain(
              () -> {
                c.send(RpcServer.reply(id, sub).encode());
                c.notify("state_runtimeVersion", sub, runtimeVersionJson());
              });
          return done(REPLIED);
        }
      case "state_getStorage":
      case "state_getStorageHash":
      case "state_getStorageSize":
        {
          byte[] key = hex(p, 0, "key");
          byte[] at = optHash(p, 1);
          return chain(
              () -> {
                byte[] v = core.storage(key, core.at(at));
                if (v == null) {
                  return null;
                }
                return switch (method) {
                  case "state_getStorage" -> Hex.encode(v);
                  case "state_getStorageHash" -> Hex.encode(Hash256.blake2(v));
                  default -> (Object) v.length;
                };
              });
        }
      case "state_getKeys":
        {
          byte[] prefix = hex(p, 0, "prefix");
          byte[] at = optHash(p, 1);
          return chain(
              () -> hexList(core.stateAt(core.at(at)).keys(prefix, null, Integer.MAX_VALUE)));
        }
      case "state_getKeysPaged":
        {
          Object pre = p.size() > 0 ? p.getValue(0) : null;
          byte[] prefix = pre == null ? new byte[0] : hex(p, 0, "prefix");
          int count = intParam(p, 1, "count");
          if (count > MAX_KEYS_PAGE) {
            throw new RpcException(
                RpcException.INVALID_PARAMS,
                "count exceeds maximum value. value: " + count + ", max: " + MAX_KEYS_PAGE);
          }
          byte[] start = optHash(p, 2);
          byte[] at = optHash(p, 3);
          return chain(() -> hexList(core.stateAt(core.at(at)).keys(prefix, start, count)));
        }
      case "state_queryStorageAt":
        {
          JsonArray keys = arr(p, 0, "keys");
          byte[] at = optHash(p, 1);
          List<byte[]> ks = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            ks.add(decodeHex(keys.getValue(i), "keys[" + i + "]"));
          }
          return chain(
              () -> {
                Block b = core.at(at);
                JsonArray changes = new JsonArray();
                for (byte[] k : ks) {
                  changes.add(
                      new JsonArray().add(Hex.encode(k)).add(hexOrNull(core.storage(k, b))));
                }
                return new JsonArray()
                    .add(
                        new JsonObject()
                            .put("block", Hex.encode(b.hash()))
                            .put("changes", changes));
              });
        }
      case "state_subscribeStorage":
        {
          requireWs(c);
          List<byte[]> keys = new ArrayList<>();
          if (p.size() > 0 && p.getValue(0) != null) {
            JsonArray ka = arr(p, 0, "keys");
            for (int i = 0; i < ka.size(); i++) {
              keys.add(decodeHex(ka.getValue(i), "keys[" + i + "]"));
            }
          }
          String sub = RpcServer.newSubscriptionId();
          server.runOnChain(
              () -> {
                // Registered before the reply goes out, so an immediate unsubscribe finds it.
                storageSubs.put(sub, new StorageSub(c, keys));
                c.subscriptions.put(sub, () -> storageSubs.remove(sub));
                c.send(RpcServer.reply(id, sub).encode());
                if (!keys.isEmpty()) {
                  Block head = core.head();
                  JsonArray changes = new JsonArray();
                  for (byte[] k : keys) {
                    changes.add(
                        new JsonArray().add(Hex.encode(k)).add(hexOrNull(core.storage(k, head))));
                  }
                  c.notify(
                      "state_storage",
                      sub,
                      new JsonObject()
                          .put("block", Hex.encode(head.hash()))
                          .put("changes", changes));
                }
              });
          return done(REPLIED);
        }
      case "state_call":
        {
          String name = str(p, 0, "method");
          byte[] data = hex(p, 1, "data");
          byte[] at = optHash(p, 2);
          return chain(() -> Hex.encode(core.call(name, data, core.at(at))));
        }
      case "author_submitExtrinsic":
        {
          byte[] xt = hex(p, 0, "extrinsic");
          return server
              .preverify(xt)
              .compose(
                  v ->
                      chain(
                          () -> {
                            byte[] h = core.submit(xt, null);
                            devChain.onSubmitted();
                            return Hex.encode(h);
                          }));
        }
      case "author_submitAndWatchExtrinsic":
        {
          requireWs(c);
          byte[] xt = hex(p, 0, "extrinsic");
          String sub = RpcServer.newSubscriptionId();
          server
              .preverify(xt)
              .onComplete(
                  v ->
                      server.runOnChain(
                          () -> {
                            List<Object[]> early = new ArrayList<>();
                            boolean[] armed = {false};
                            TxPool.Watcher w =
                                (status, last) -> {
                                  if (!armed[0]) {
                                    early.add(new Object[] {status, last});
                                    return;
                                  }
                                  if (!c.subscriptions.containsKey(sub)) {
                                    return; // unwatched
                                  }
                                  c.notify("author_extrinsicUpdate", sub, status);
                                  if (last) {
                                    c.subscriptions.remove(sub);
                                  }
                                };
                            try {
                              core.submit(xt, w);
                            } catch (RuntimeException e) {
                              c.send(RpcServer.errorReply(id, e).encode());
                              return;
                            }
                            c.subscriptions.put(sub, () -> {});
                            c.send(RpcServer.reply(id, sub).encode());
                            armed[0] = true;
                            for (Object[] e : early) {
                              w.status(e[0], (Boolean) e[1]);
                            }
                            devChain.onSubmitted();
                          }));
          return done(REPLIED);
        }
      case "author_pendingExtrinsics":
        return chain(() -> hexList(core.pending()));
      case "payment_queryInfo":
        {
          byte[] xt = hex(p, 0, "extrinsic");
          byte[] at = optHash(p, 1);
          return chain(() -> queryInfo(xt, core.at(at)));
        }
      case "payment_queryFeeDetails":
        {
          byte[] xt = hex(p, 0, "extrinsic");
          byte[] at = optHash(p, 1);
          return chain(() -> queryFeeDetails(xt, core.at(at)));
        }
      case "engine_createBlock":
        return chain(
            () -> {
              Block b = core.seal();
              return new JsonObject()
                  .put("hash", Hex.encode(b.hash()))
                  .put(
                      "aux",
                      new JsonObject()
                          .put("header_only", false)
                          .put("clear_justification_requests", false));
            });
      case "dev_newBlock":
        {
          int count = 1;
          if (p.size() > 0
              && p.getValue(0) instanceof JsonObject o
              && o.getValue("count") != null) {
            count = o.getInteger("count");
          }
          if (count < 1 || count > 1000) {
            throw new RpcException(
                RpcException.INVALID_PARAMS, "count must be in 1..1000, " + count + " given");
          }
          int n = count;
          return chain(
              () -> {
                Block b = null;
                for (int i = 0; i < n; i++) {
                  b = core.seal();
                }
                return Hex.encode(b.hash());
              });
        }
      default:
        throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found");
    }
  }

  private Future<Object> getBlockHash(JsonArray p) {
    Object v = p.size() > 0 ? p.getValue(0) : null;
    if (v instanceof JsonArray list) {
      List<Long> ns = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        ns.add(blockNumber(list.getValue(i)));
      }
      return chain(
          () -> {
            JsonArray out = new JsonArray();
            for (Long n : ns) {
              Block b = core.blockAt(n);
              out.add(b == null ? null : Hex.encode(b.hash()));
            }
            return out;
          });
    }
    Long n = v == null ? null : blockNumber(v);
    return chain(
        () -> {
          Block b = n == null ? core.head() : core.blockAt(n);
          return b == null ? null : Hex.encode(b.hash());
        });
  }

  private static long blockNumber(Object v) {
    if (v instanceof Number num) {
      return num.longValue();
    }
    if (v instanceof String s) {
      try {
        return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new RpcException(
        RpcException.INVALID_PARAMS, "Invalid params: block number expected, got " + v);
  }

  private Future<Object> subscribeHeads(RpcServer.Connection c, Object id, HeadKind kind) {
    requireWs(c);
    String sub = RpcServer.newSubscriptionId();
    server.runOnChain(
        () -> {
          headSubs.put(sub, new HeadSub(c, kind));
          c.subscriptions.put(sub, () -> headSubs.remove(sub));
          c.send(RpcServer.reply(id, sub).encode());
          c.notify(kind.notification, sub, core.head().header().toJson());
        });
    return done(REPLIED);
  }

  private Future<Object> unsubscribe(RpcServer.Connection c, String sub) {
    requireWs(c);
    Runnable cancel = c.subscriptions.remove(sub);
    if (cancel != null) {
      cancel.run();
    }
    return done(cancel != null);
  }

  private JsonObject runtimeVersionJson() {
    ByteBuffer buf = Scale.le(core.runtime().version());
    JsonObject v = new JsonObject();
    v.put("specName", new String(Scale.readBytes(buf), StandardCharsets.UTF_8));
    v.put("implName", new String(Scale.readBytes(buf), StandardCharsets.UTF_8));
    v.put("authoringVersion", Integer.toUnsignedLong(buf.getInt()));
    v.put("specVersion", Integer.toUnsignedLong(buf.getInt()));
    v.put("implVersion", Integer.toUnsignedLong(buf.getInt()));
    long n = Scale.readCompact(buf);
    JsonArray apis = new JsonArray();
    for (long i = 0; i < n; i++) {
      byte[] apiId = new byte[8];
      buf.get(apiId);
      apis.add(new JsonArray().add(Hex.encode(apiId)).add(Integer.toUnsignedLong(buf.getInt())));
    }
    v.put("apis", apis);
    v.put("transactionVersion", Integer.toUnsignedLong(buf.getInt()));
    int sys = buf.hasRemaining() ? buf.get() & 0xff : 0;
    v.put("systemVersion", sys);
    v.put("stateVersion", sys);
    return v;
  }

  private JsonObject queryInfo(byte[] xt, Block b) {
    byte[] args = withLength(xt);
    ByteBuffer buf = Scale.le(core.call("TransactionPaymentApi_query_info", args, b));
    long refTime = Scale.readCompact(buf);
    long proofSize = Scale.readCompact(buf);
    int cls = buf.get() & 0xff;
    BigInteger fee = u128(buf);
    return new JsonObject()
        .put("weight", new JsonObject().put("refTime", refTime).put("proofSize", proofSize))
        .put(
            "class",
            switch (cls) {
              case 0 -> "normal";
              case 1 -> "operational";
              default -> "mandatory";
            })
        .put("partialFee", fee.toString());
  }

  private JsonObject queryFeeDetails(byte[] xt, Block b) {
    ByteBuffer buf =
        Scale.le(core.call("TransactionPaymentApi_query_fee_details", withLength(xt), b));
    JsonObject out = new JsonObject();
    if ((buf.get() & 0xff) == 0) {
      out.put("inclusionFee", null);
    } else {
      BigInteger base = u128(buf);
      BigInteger len = u128(buf);
      BigInteger adjusted = u128(buf);
      out.put(
          "inclusionFee",
          new JsonObject()
              .put("baseFee", "0x" + base.toString(16))
              .put("lenFee", "0x" + len.toString(16))
              .put("adjustedWeightFee", "0x" + adjusted.toString(16)));
    }
    return out;
  }

  /**
   * Runtime API argument {@code (extrinsic, u32 len)}: the opaque extrinsic bytes followed by its
   * length.
   */
  private static byte[] withLength(byte[] xt) {
    ByteBuffer b = ByteBuffer.allocate(xt.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(xt).putInt(xt.length);
    return b.array();
  }

  private static BigInteger u128(ByteBuffer buf) {
    byte[] le = new byte[16];
    buf.get(le);
    byte[] be = new byte[17];
    for (int i = 0; i < 16; i++) {
      be[16 - i] = le[i];
    }
    return new BigInteger(be);
  }

  private Future<Object> chain(java.util.concurrent.Callable<Object> task) {
    return server.onChain(task);
  }

  private static Future<Object> done(Object v) {
    return Future.succeededFuture(v);
  }

  private static void requireWs(RpcServer.Connection c) {
    if (c == null) {
      throw new RpcException(
          RpcException.METHOD_NOT_FOUND,
          "Subscriptions are not available on this transport (use WebSocket)");
    }
  }

  private static Object hexOrNull(byte[] v) {
    return v == null ? null : Hex.encode(v);
  }

  private static JsonArray hexList(List<byte[]> l) {
    JsonArray a = new JsonArray();
    for (byte[] b : l) {
      a.add(Hex.encode(b));
    }
    return a;
  }

  private static String str(JsonArray p, int i, String name) {
    if (p.size() <= i || !(p.getValue(i) instanceof String s)) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "Invalid params: " + name + " (string) expected at position " + i);
    }
    return s;
  }

  private static JsonArray arr(JsonArray p, int i, String name) {
    if (p.size() <= i || !(p.getValue(i) instanceof JsonArray a)) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "Invalid params: " + name + " (array) expected at position " + i);
    }
    return a;
  }

  private static int intParam(JsonArray p, int i, String name) {
    if (p.size() <= i || !(p.getValue(i) instanceof Number n)) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "Invalid params: " + name + " (number) expected at position " + i);
    }
    return n.intValue();
  }

  private static byte[] hex(JsonArray p, int i, String name) {
    return decodeHex(p.size() > i ? p.getValue(i) : null, name);
  }

  private static byte[] decodeHex(Object v, String name) {
    if (!(v instanceof String s)) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "Invalid params: " + name + " (hex string) expected");
    }
    try {
      return Hex.decode(s);
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "Invalid params: " + name + ": " + e.getMessage());
    }
  }

  private static byte[] optHash(JsonArray p, int i) {
    if (p.size() <= i || p.getValue(i) == null) {
      return null;
    }
    return decodeHex(p.getValue(i), "hash");
  }
}
