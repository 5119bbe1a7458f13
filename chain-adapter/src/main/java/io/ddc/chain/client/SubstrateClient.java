package io.ddc.chain.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A client for a Substrate/Cere node: reads the chain's metadata, runtime version and genesis at
 * connect, then reads storage, builds and signs v4 extrinsics from the metadata's signed-extension
 * list, submits and watches them, and turns their events into a {@link TxResult} or an exception.
 * Nothing in it is specific to the dev chain.
 *
 * <p>Failures: {@link ChainUnavailableException} (connection), {@link InvalidTransactionException}
 * (pool refused), {@link ExtrinsicFailedException} (included, dispatch failed), {@link
 * RpcErrorException} (other node errors). Futures complete on the client's event loop.
 */
public final class SubstrateClient implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  private final RpcClient rpc;
  private final Metadata metadata;
  private final byte[] genesisHash;
  private final long specVersion;
  private final long transactionVersion;
  private final int eraPeriod;
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  private SubstrateClient(
      RpcClient rpc, Metadata metadata, byte[] genesisHash, long specVersion, long txVersion) {
    this.rpc = rpc;
    this.metadata = metadata;
    this.genesisHash = genesisHash;
    this.specVersion = specVersion;
    this.transactionVersion = txVersion;
    this.eraPeriod = rpc.options().getEraPeriod();
  }

  /** Connects and loads genesis hash, runtime version and metadata. */
  public static CompletableFuture<SubstrateClient> connect(
      Vertx vertx, ChainClientOptions options) {
    return RpcClient.connect(vertx, options)
        .thenCompose(
            rpc -> {
              CompletableFuture<Object> genesis = rpc.call("chain_getBlockHash", 0);
              CompletableFuture<Object> version = rpc.call("state_getRuntimeVersion");
              CompletableFuture<Object> meta = rpc.call("state_getMetadata");
              return CompletableFuture.allOf(genesis, version, meta)
                  .thenApply(
                      v -> {
                        JsonObject rv = (JsonObject) version.join();
                        return new SubstrateClient(
                            rpc,
                            Metadata.parse(unhex((String) meta.join())),
                            unhex((String) genesis.join()),
                            rv.getLong("specVersion"),
                            rv.getLong("transactionVersion"));
                      })
                  .whenComplete(
                      (c, t) -> {
                        if (t != null) {
                          rpc.close();
                        }
                      });
            });
  }

  /** The JSON-RPC connection underneath. */
  public RpcClient rpc() {
    return rpc;
  }

  /** The chain's metadata as read at connect. */
  public Metadata metadata() {
    return metadata;
  }

  /** Block 0's hash. */
  public byte[] genesisHash() {
    return genesisHash.clone();
  }

  public long specVersion() {
    return specVersion;
  }

  public long transactionVersion() {
    return transactionVersion;
  }

  /** A raw storage value at the best block (null {@code at}) or at {@code at}; null when absent. */
  public CompletableFuture<byte[]> storage(byte[] key, byte[] at) {
    JsonArray p = new JsonArray().add(hex(key));
    if (at != null) {
      p.add(hex(at));
    }
    return rpc.call("state_getStorage", p).thenApply(v -> v == null ? null : unhex((String) v));
  }

  /** {@code System.Account} of {@code accountId} at the best block. */
  public CompletableFuture<AccountInfo> account(byte[] accountId) {
    return storage(StorageKeys.systemAccount(accountId), null)
        .thenApply(v -> v == null ? AccountInfo.EMPTY : AccountInfo.decode(v));
  }

  /** The events of block {@code blockHash}. */
  public CompletableFuture<List<EventRecord>> events(byte[] blockHash) {
    return storage(StorageKeys.systemEvents(), blockHash)
        .thenApply(v -> v == null ? List.of() : metadata.decodeEvents(v));
  }

  /** Calls {@code onHeader} with each new best header's JSON ({@code number} is hex). */
  public CompletableFuture<RpcClient.Subscription> subscribeNewHeads(
      Consumer<JsonObject> onHeader) {
    return rpc.subscribe(
        "chain_subscribeNewHeads",
        "chain_unsubscribeNewHeads",
        new JsonArray(),
        h -> onHeader.accept((JsonObject) h));
  }

  /**
   * Calls {@code onChange(key, value)} whenever one of {@code keys} changes (and once with the
   * current values); {@code value} is null when the key was removed.
   */
  public CompletableFuture<RpcClient.Subscription> subscribeStorage(
      List<byte[]> keys, java.util.function.BiConsumer<byte[], byte[]> onChange) {
    JsonArray ks = new JsonArray();
    for (byte[] k : keys) {
      ks.add(hex(k));
    }
    return rpc.subscribe(
        "state_subscribeStorage",
        "state_unsubscribeStorage",
        new JsonArray().add(ks),
        r -> {
          JsonArray changes = ((JsonObject) r).getJsonArray("changes");
          for (int i = 0; i < changes.size(); i++) {
            JsonArray c = changes.getJsonArray(i);
            String v = c.getString(1);
            onChange.accept(unhex(c.getString(0)), v == null ? null : unhex(v));
          }
        });
  }

  /**
   * The nonce to use next for {@code accountId}: the larger of the node's {@code
   * system_accountNextIndex} (which counts its pool) and the client's own count of extrinsics it
   * submitted for the account.
   */
  public CompletableFuture<Long> nextNonce(byte[] accountId) {
    return rpc.call("system_accountNextIndex", hex(accountId))
        .thenApply(
            v -> {
              long remote = ((Number) v).longValue();
              Long local = nonces.get(hex(accountId));
              return local == null ? remote : Math.max(local, remote);
            });
  }

  /**
   * Builds and signs a v4 extrinsic for {@code call} (SCALE call bytes: pallet index, call index,
   * args).
   */
  public CompletableFuture<byte[]> sign(Signer signer, byte[] call, TxOptions opts) {
    CompletableFuture<Long> nonceF =
        opts.nonce() >= 0
            ? CompletableFuture.completedFuture(opts.nonce())
            : nextNonce(signer.accountId());
    CompletableFuture<Object[]> checkpoint;
    if (eraPeriod == 0) {
      checkpoint = CompletableFuture.completedFuture(new Object[] {Era.IMMORTAL, genesisHash});
    } else {
      checkpoint =
          rpc.call("chain_getFinalizedHead")
              .thenCompose(
                  h -> rpc.call("chain_getHeader", h).thenApply(hd -> new Object[] {h, hd}))
              .thenApply(
                  a -> {
                    JsonObject header = (JsonObject) a[1];
                    long number = Long.parseLong(header.getString("number").substring(2), 16);
                    Era era = Era.mortal(eraPeriod, number);
                    return new Object[] {era, number, unhex((String) a[0])};
                  })
              .thenCompose(
                  a -> {
                    Era era = (Era) a[0];
                    long birth = era.birth((Long) a[1]);
                    if (birth == (Long) a[1]) {
                      return CompletableFuture.completedFuture(new Object[] {era, a[2]});
                    }
                    return rpc.call("chain_getBlockHash", birth)
                        .thenApply(bh -> new Object[] {era, unhex((String) bh)});
                  });
    }
    return nonceF.thenCombine(
        checkpoint,
        (nonce, cp) -> {
          Era era = (Era) cp[0];
          byte[] eraHash = (byte[]) cp[1];
          return Extrinsics.signed(
              metadata,
              signer,
              call,
              nonce,
              opts.tip(),
              era,
              eraHash,
              genesisHash,
              specVersion,
              transactionVersion);
        });
  }

  /**
   * Signs, submits and watches {@code call}. Completes with the {@link TxResult} when the extrinsic
   * is in a block (or finalized, per {@code opts}); fails with {@link InvalidTransactionException}
   * if the pool refuses it, {@link ExtrinsicFailedException} if its dispatch failed, {@link
   * ChainException} if it was dropped or usurped.
   */
  public CompletableFuture<TxResult> submitAndWatch(Signer signer, byte[] call, TxOptions opts) {
    String account = hex(signer.accountId());
    return sign(signer, call, opts)
        .thenCompose(
            xt -> {
              long used = extrinsicNonce(xt);
              CompletableFuture<TxResult> result = watch(xt, opts.waitForFinalized());
              return result.whenComplete(
                  (r, t) -> {
                    Throwable cause =
                        t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                    if (cause instanceof InvalidTransactionException) {
                      nonces.remove(account); // ask the node again next time
                    } else if (cause == null || cause instanceof ExtrinsicFailedException) {
                      nonces.merge(account, used + 1, Math::max);
                    }
                  });
            });
  }

  private static long extrinsicNonce(byte[] xt) {
    // The nonce is re-read from the extrinsic rather than threaded through: after length, version,
    // address (33),
    // signature (65) and era (1 or 2 bytes) comes Compact<u32> nonce.
    ScaleInput in = new ScaleInput(xt);
    in.compactInt();
    in.u8();
    in.bytes(33);
    in.bytes(65);
    int era = in.u8();
    if (era != 0) {
      in.u8();
    }
    return in.compactBig().longValue();
  }

  /** Submits an already signed extrinsic and watches it (see {@link #submitAndWatch}). */
  public CompletableFuture<TxResult> watch(byte[] xt, boolean waitForFinalized) {
    CompletableFuture<TxResult> out = new CompletableFuture<>();
    String xtHex = hex(xt);
    String xtHash = hex(Hashes.blake2b256(xt));
    RpcClient.Subscription[] sub = new RpcClient.Subscription[1];
    rpc.subscribe(
            "author_submitAndWatchExtrinsic",
            "author_unwatchExtrinsic",
            new JsonArray().add(xtHex),
            status -> {
              if (out.isDone()) {
                return;
              }
              if (status instanceof JsonObject s) {
                String block = s.getString(waitForFinalized ? "finalized" : "inBlock");
                if (block != null) {
                  include(xtHex, xtHash, block)
                      .whenComplete(
                          (r, t) -> {
                            if (t != null) {
                              out.completeExceptionally(
                                  t instanceof CompletionException ? t.getCause() : t);
                            } else {
                              out.complete(r);
                            }
                          });
                } else if (s.containsKey("usurped")) {
                  out.completeExceptionally(
                      new ChainException("extrinsic " + xtHash + " was usurped"));
                } else if (s.containsKey("finalityTimeout")) {
                  out.completeExceptionally(
                      new ChainException("extrinsic " + xtHash + ": finality timeout"));
                }
              } else if ("dropped".equals(status) || "invalid".equals(status)) {
                out.completeExceptionally(
                    new ChainException("extrinsic " + xtHash + " was " + status));
              }
            })
        .whenComplete(
            (s, t) -> {
              if (t != null) {
                out.completeExceptionally(t instanceof CompletionException ? t.getCause() : t);
              } else {
                sub[0] = s;
              }
            });
    return out.whenComplete(
        (r, t) -> {
          if (sub[0] != null) {
            sub[0].unsubscribe();
          }
        });
  }

  private CompletableFuture<TxResult> include(String xtHex, String xtHash, String blockHash) {
    return rpc.call("chain_getBlock", blockHash)
        .thenCombine(
            events(unhex(blockHash)),
            (b, events) -> {
              JsonArray xts = ((JsonObject) b).getJsonObject("block").getJsonArray("extrinsics");
              int index = -1;
              for (int i = 0; i < xts.size(); i++) {
                if (xtHex.equalsIgnoreCase(xts.getString(i))) {
                  index = i;
                  break;
                }
              }
              if (index < 0) {
                throw new ChainException("extrinsic " + xtHash + " is not in block " + blockHash);
              }
              List<EventRecord> mine = new ArrayList<>();
              for (EventRecord e : events) {
                if (e.extrinsicIndex() == index) {
                  mine.add(e);
                }
              }
              for (EventRecord e : mine) {
                if (e.is("System", "ExtrinsicFailed")) {
                  Object fields = e.fields();
                  Object err =
                      fields instanceof Map<?, ?> m
                          ? m.get("dispatch_error")
                          : ((List<?>) fields).get(0);
                  throw metadata.dispatchError(err, blockHash);
                }
              }
              return new TxResult(xtHash, blockHash, index, mine);
            });
  }

  /** Frees the connection. */
  @Override
  public void close() {
    rpc.close();
  }

  static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  static byte[] unhex(String s) {
    return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }

  static BigInteger big(Object o) {
    return Metadata.toBig(o);
  }

  static byte[] concat(ByteArrayOutputStream out) {
    return out.toByteArray();
  }
}
