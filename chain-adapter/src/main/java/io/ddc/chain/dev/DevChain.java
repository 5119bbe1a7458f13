package io.ddc.chain.dev;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded dev chain: one authoring node, finality at once, Substrate JSON-RPC on {@code
 * ws://host:port} (and HTTP POST on the same port), state in an append-only log
 * (docs/spec/dev-chain.md).
 *
 * <pre>{@code
 * DevChain chain = DevChain.start(new DevChainOptions().setPort(0).setInstantSeal(true), runtime).join();
 * URI ws = chain.wsUri();
 * chain.close();
 * }</pre>
 */
public final class DevChain implements AutoCloseable {
  /* Threads: one chain thread (a single-threaded scheduler) owns ChainCore and the runtime; the Vert.x event loop
   * serves RPC. Blocks are authored by the scheduler on the interval, or on the chain thread right after a
   * submission in instant-seal mode (one block takes every ready extrinsic, as Substrate's instant seal does). */
  private static final Logger log = LoggerFactory.getLogger(DevChain.class);

  /** The version {@code system_version} reports. */
  public static final String VERSION = "0.1.0";

  private final DevChainOptions options;
  private final ScheduledExecutorService chainThread;
  private final Vertx vertx;
  private final boolean ownVertx;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final JsonObject properties;
  private ChainCore core;
  private RpcServer server;
  private ScheduledFuture<?> authoring;
  private boolean sealPending;
  private volatile byte[] genesisHash;
  private volatile Thread thread;

  private DevChain(
      DevChainOptions options,
      Vertx vertx,
      boolean ownVertx,
      Path dataDir,
      boolean deleteOnClose,
      JsonObject properties) {
    this.options = options;
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.properties = properties;
    this.chainThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ddc-dev-chain");
              t.setDaemon(true);
              thread = t;
              return t;
            });
  }

  /**
   * Starts a dev chain with its own Vert.x instance. Without a data directory in {@code options} it
   * runs in a fresh temporary directory that {@link #close} deletes ({@code --tmp}).
   */
  public static CompletableFuture<DevChain> start(DevChainOptions options, ChainRuntime runtime) {
    return start(null, options, runtime);
  }

  /**
   * Starts a dev chain on {@code vertx} (null: a Vert.x instance of its own, closed with the
   * chain). Completes once the log is replayed (or genesis and block 1 are authored) and the port
   * is bound.
   */
  public static CompletableFuture<DevChain> start(
      Vertx vertx, DevChainOptions options, ChainRuntime runtime) {
    DevChainOptions o = new DevChainOptions(options);
    Path dir = o.getDataDir();
    boolean tmp = dir == null;
    try {
      if (tmp) {
        dir = Files.createTempDirectory("ddc-dev-chain-");
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new UncheckedIOException("cannot create a temporary data directory", e));
    }
    JsonObject props =
        new JsonObject().put("ss58Format", 54).put("tokenDecimals", 10).put("tokenSymbol", "CERE");
    DevChain chain =
        new DevChain(o, vertx == null ? Vertx.vertx() : vertx, vertx == null, dir, tmp, props);
    return chain.boot(runtime);
  }

  private CompletableFuture<DevChain> boot(ChainRuntime runtime) {
    CompletableFuture<DevChain> started = new CompletableFuture<>();
    log.info("dev chain options {}", options.toJson().put("dataDir", dataDir.toString()).encode());
    chainThread.execute(
        () -> {
          try {
            core =
                new ChainCore(
                    runtime,
                    options,
                    dataDir,
                    System::currentTimeMillis,
                    m -> log.error("chain log recovery: {}", m));
            genesisHash = core.genesisBlock().hash();
            server = new RpcServer(vertx, core, chainThread, this);
            server
                .listen(options.getHost(), options.getPort())
                .onSuccess(
                    s -> {
                      chainThread.execute(this::startAuthoring);
                      log.info(
                          "dev chain listening on ws://{}:{} (data {}, {}), genesis {}",
                          options.getHost(),
                          s.actualPort(),
                          dataDir,
                          options.isInstantSeal()
                              ? "instant seal"
                              : "block time " + options.getBlockTime(),
                          Hex.encode(genesisHash));
                      started.complete(this);
                    })
                .onFailure(
                    t -> {
                      closeQuietly();
                      started.completeExceptionally(
                          new DevChainException(
                              "cannot listen on "
                                  + options.getHost()
                                  + ":"
                                  + options.getPort()
                                  + ": "
                                  + t.getMessage(),
                              t));
                    });
          } catch (Throwable t) {
            closeQuietly();
            started.completeExceptionally(t);
          }
        });
    return started;
  }

  private void startAuthoring() {
    if (!options.isInstantSeal()) {
      long ms = options.getBlockTime().toMillis();
      authoring = chainThread.scheduleAtFixedRate(this::sealQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else if (core.poolSize() > 0) {
      sealQuietly();
    }
  }

  private void sealQuietly() {
    try {
      core.seal();
    } catch (RuntimeException e) {
      log.error("block authoring failed", e);
    }
  }

  /** Called on the chain thread after an extrinsic entered the pool. */
  void onSubmitted() {
    if (options.isInstantSeal() && !sealPending) {
      sealPending = true;
      chainThread.execute(
          () -> {
            sealPending = false;
            if (core.poolSize() > 0) {
              sealQuietly();
            }
          });
    }
  }

  JsonObject properties() {
    return properties;
  }

  String peerId() {
    return "12D3KooWDdcDevChain" + Hex.encode(genesisHash).substring(2, 18);
  }

  /** The bound port (the real one when the options said 0). */
  public int port() {
    return server.actualPort();
  }

  /** {@code ws://host:port}. */
  public URI wsUri() {
    return URI.create("ws://" + options.getHost() + ":" + port());
  }

  /** {@code http://host:port} (JSON-RPC over HTTP POST). */
  public URI httpUri() {
    return URI.create("http://" + options.getHost() + ":" + port());
  }

  /** The data directory (a temporary one without {@code --data-dir}). */
  public Path dataDir() {
    return dataDir;
  }

  /** Hash of block 0. */
  public byte[] genesisHash() {
    return genesisHash.clone();
  }

  /** The best (= finalized) block number. */
  public CompletableFuture<Long> bestNumber() {
    return CompletableFuture.supplyAsync(() -> core.head().number(), chainThread);
  }

  /** Authors one block now with every ready extrinsic; completes with its hash. */
  public CompletableFuture<byte[]> sealBlock() {
    return CompletableFuture.supplyAsync(() -> core.seal().hash(), chainThread);
  }

  /** Number of extrinsics waiting in the pool. */
  public CompletableFuture<Integer> poolSize() {
    return CompletableFuture.supplyAsync(() -> core.poolSize(), chainThread);
  }

  /**
   * Stops authoring, closes the port and the log; deletes a temporary data directory. Waits up to
   * 10 s.
   */
  @Override
  public void close() {
    try {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("closing the RPC server: {}", e.toString());
    }
    closeQuietly();
  }

  private void closeQuietly() {
    Runnable stop =
        () -> {
          if (authoring != null) {
            authoring.cancel(false);
          }
          if (core != null) {
            core.close();
            core = null;
          }
        };
    if (Thread.currentThread() == thread) {
      stop.run();
    } else {
      try {
        CompletableFuture.runAsync(stop, chainThread).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("closing the chain: {}", e.toString());
      }
    }
    chainThread.shutdownNow();
    if (ownVertx) {
      vertx.close();
    }
    if (deleteOnClose) {
      try (Stream<Path> s = Files.walk(dataDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.warn("cannot delete {}: {}", dataDir, e.toString());
      }
    }
  }
}
