package io.ddc.edge;

import io.ddc.cluster.ClusterManager;
import io.ddc.cluster.ClusterOptions;
import io.ddc.cluster.ClusterStats;
import io.ddc.cluster.MemberSource;
import io.ddc.cluster.NodeMode;
import io.ddc.cluster.Ports;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.storage.CorruptionListener;
import io.ddc.storage.PieceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the HTTP server (info, health, grpc-web, gateway, metrics) and the native gRPC
 * server, on the caller's {@link Vertx}.
 *
 * <pre>{@code
 * DdcNode node = DdcNode.start(vertx, new NodeOptions().httpPort(0).grpcPort(0)).await();
 * int http = node.httpPort();
 * node.close().await();
 * }</pre>
 */
public final class DdcNode {
  /* Start order: validate the options, then bring up the servers; close() undeploys in reverse.
   * Nothing here runs blocking work on an event loop: the store opens on a worker thread. */

  private static final Logger LOG = LoggerFactory.getLogger(DdcNode.class);

  /** This build's version, as reported by {@code GET /info}. */
  static final String VERSION = loadVersion();

  private final Vertx vertx;
  private final NodeOptions options;
  private final BucketRegistry givenRegistry;
  private MemberSource members;
  private String nodeId;
  private final List<String> deployments = new ArrayList<>();
  private HttpEdgeVerticle http;
  private GrpcEdgeVerticle grpc;
  private NodeApi api;
  private PieceStore store;
  private TagIndexedStore search;
  private ActivityLedger activityLog;
  private KeyPair key;
  private ClusterManager cluster;
  private int membershipPort = -1;

  private DdcNode(Vertx vertx, NodeOptions options, BucketRegistry givenRegistry) {
    this.vertx = vertx;
    this.options = options;
    this.givenRegistry = givenRegistry;
    this.nodeId = options.nodeId();
  }

  /**
   * Validates a copy of {@code options}, logs the effective configuration and starts the servers.
   * The returned future fails with {@link IllegalArgumentException} on invalid options and with the
   * bind error when a port is taken; nothing stays running in that case.
   */
  public static Future<DdcNode> start(Vertx vertx, NodeOptions options) {
    return start(vertx, options, null);
  }

  /**
   * Like {@link #start(Vertx, NodeOptions)}, but the node learns buckets from {@code registry} (for
   * example a chain-backed one) instead of the configured static buckets; {@code null} means the
   * static registry built from {@link NodeOptions#buckets()}.
   */
  public static Future<DdcNode> start(Vertx vertx, NodeOptions options, BucketRegistry registry) {
    return start(vertx, options, registry, null);
  }

  /**
   * Like {@link #start(Vertx, NodeOptions, BucketRegistry)}; in cluster mode only the nodes that
   * {@code members} lists are cluster members (for example the chain's node list; {@code null}:
   * everyone that joins).
   */
  public static Future<DdcNode> start(
      Vertx vertx, NodeOptions options, BucketRegistry registry, MemberSource members) {
    NodeOptions copy;
    try {
      copy = new NodeOptions(options).validate();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    DdcNode node = new DdcNode(vertx, copy, registry);
    node.members = members;
    LOG.info("starting node with configuration:\n{}", copy.describe());
    return node.startServers()
        .map(
            v -> {
              LOG.info(
                  "node {} ({}) ready: http {}:{}, grpc {}:{}",
                  node.nodeId(),
                  copy.mode().sdkName(),
                  copy.host(),
                  node.httpPort(),
                  copy.host(),
                  node.grpcPort());
              return node;
            })
        .recover(e -> node.close().transform(ignored -> Future.failedFuture(e)));
  }

  /**
   * The configured id; else the node key's public key ({@code 0x} + hex of the ed25519 key from
   * {@code peer-secret-phrase}); else the gRPC URL. Blocking (key derivation): worker thread only.
   */
  static String deriveNodeId(NodeOptions o) {
    if (o.nodeId() != null) {
      return o.nodeId();
    }
    if (o.peerSecretPhrase() != null) {
      byte[] pub = Keys.fromUri(o.peerSecretPhrase(), KeyScheme.ED25519).publicKey();
      return "0x" + HexFormat.of().formatHex(pub);
    }
    return "grpc://" + o.host() + ":" + o.grpcPort();
  }

  /**
   * The cluster manager's options from the node's: same host, cluster id and mode, the seeds, the
   * membership port ({@code 0} = a free one picked now) and the replication counts.
   */
  private ClusterOptions clusterOptions() throws IOException {
    int port = options.membershipPort();
    if (port == 0) {
      port = Ports.reserve();
    }
    ClusterOptions c = new ClusterOptions();
    if (options.erasureCodingMinBytes() > 0) {
      c.setErasureCoding(
          options.erasureCodingMinBytes(),
          options.redundancy(NodeOptions.Setting.EC_REQUIRED),
          options.redundancy(NodeOptions.Setting.EC_TOTAL),
          options.redundancy(NodeOptions.Setting.EC_SUCCESS_THRESHOLD));
    }
    return c.setClusterId(options.clusterId())
        .setHost(options.host())
        .setMembershipPort(port)
        .setSeeds(options.clusterSeeds())
        .setP2pPort(options.p2pPort())
        .setMode(NodeMode.valueOf(options.mode().name()))
        .setReplicationTotal(options.replicationTotal())
        .setReplicationSuccessThreshold(options.replicationSuccessThreshold())
        .setFaultCorruptServedPieces(options.faultCorruptServedPieces());
  }

  /** The node key: from {@code peer-secret-phrase}, else a fresh one. Blocking: worker only. */
  private KeyPair nodeKey() {
    return options.peerSecretPhrase() != null
        ? Keys.fromUri(options.peerSecretPhrase(), KeyScheme.ED25519)
        : Keys.generate(KeyScheme.ED25519);
  }

  /** Joins the cluster when the options ask for it (seeds, or an explicit membership port). */
  private Future<Void> startCluster() {
    if (!options.clusterEnabled()) {
      return Future.succeededFuture();
    }
    record Setup(ClusterOptions options, KeyPair key) {}
    return vertx
        .executeBlocking(() -> new Setup(clusterOptions(), key), false)
        .compose(
            setup -> {
              membershipPort = setup.options().membershipPort();
              return ClusterManager.start(vertx, setup.options(), store, setup.key(), members);
            })
        .map(
            m -> {
              cluster = m;
              LOG.info(
                  "cluster member {} on membership port {}, seeds {}",
                  m.nodeId(),
                  membershipPort,
                  options.clusterSeeds());
              return null;
            });
  }

  private Future<Void> startServers() {
    BucketRegistry registry;
    try {
      registry =
          givenRegistry != null
              ? givenRegistry
              : new StaticBucketRegistry(options.buckets(), options.clusterId());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Path storeDir = options.dataDir().resolve("store");
    return vertx
        .executeBlocking(
            () -> {
              nodeId = deriveNodeId(options);
              key = nodeKey();
              PieceStore s =
                  PieceStore.openOrRecover(storeDir, options.storage(), DdcNode::reportCorruption);
              try {
                return new TagIndexedStore(s, TagIndex.open(options.dataDir().resolve("tags")));
              } catch (RuntimeException e) {
                s.close();
                throw e;
              }
            },
            false)
        .compose(
            s -> {
              store = s;
              search = s;
              return startCluster();
            })
        .compose(
            v ->
                ActivityLedger.open(
                    vertx,
                    new ActivityLedger.Config(
                        options.dataDir().resolve("activity"),
                        new ActivityUsage.Eras(options.eraDuration().toMillis()),
                        Clock.systemUTC(),
                        key,
                        options.faultInflateTransferred(),
                        owners(registry))))
        .compose(
            log -> {
              activityLog = log;
              if (options.faultsInjected()) {
                LOG.warn(
                    "FAULT INJECTION is on (fault.inflate-transferred = {}, fault.lose-pieces ="
                        + " {}): this node misbehaves on purpose; never run it in production",
                    options.faultInflateTransferred(),
                    options.faultLosePieces());
              }
              NodeApi api = newApi(registry);
              this.api = api;
              NodeInfo info = new NodeInfo(nodeId, options.mode(), VERSION);
              EdgeMetrics metrics = new EdgeMetrics();
              if (cluster != null) {
                metrics.cluster(cluster::stats);
              }
              ActivityApi activityApi =
                  new ActivityApi(
                      vertx,
                      log,
                      store,
                      registry,
                      new AuditAuth(
                          options.validators(),
                          registry instanceof ValidatorSource vs ? vs : null,
                          Authorizer.CRYPTO,
                          System::currentTimeMillis),
                      options.faultLosePieces(),
                      () -> cluster == null ? Map.of() : cluster.faultyNodes());
              grpc = new GrpcEdgeVerticle(options, api, metrics);
              http = newHttp(info, api, activityApi, metrics);
              return vertx
                  .deployVerticle(grpc)
                  .compose(
                      id -> {
                        deployments.add(id);
                        return vertx.deployVerticle(http);
                      })
                  .compose(
                      id -> {
                        deployments.add(id);
                        return deployMoreInstances(info, api, activityApi, metrics);
                      });
            });
  }

  /** The direct buffers reads go through (for tests: none may stay outstanding). */
  ReadBuffers readBuffers() {
    return api.readBuffers();
  }

  /**
   * One more instance of each server per further core, on the same configured port: Vert.x shares
   * the listening socket and spreads connections over the instances' event loops. The instances
   * share the node's (thread-safe) API, store and metrics.
   */
  private Void deployed(String deploymentId) {
    deployments.add(deploymentId);
    return null;
  }

  private HttpEdgeVerticle newHttp(
      NodeInfo info, NodeApi api, ActivityApi activityApi, EdgeMetrics metrics) {
    return new HttpEdgeVerticle(
        options, info, this::healthy, api, activityApi, new SearchApi(vertx, api, search), metrics);
  }

  /**
   * At most this many instances of each server by default (the cores beyond that rarely pay off);
   * {@link NodeOptions#serverInstances(int)} sets another number.
   */
  static final int SERVER_INSTANCES = 4;

  /**
   * Instances of each server when the options leave it to the node: one per core but one, at least
   * one and at most {@link #SERVER_INSTANCES}. The core left over runs what the event loops hand
   * off (the store's writer and syncs, the cluster's members and repair, the collector) and the
   * kernel's socket work, so a loop is not preempted by them; on two cores this gave the gateway's
   * shorter tail at nginx's request rate (node-config.md, BENCHMARKING.md).
   */
  static int defaultServerInstances(int cores) {
    return Math.max(1, Math.min(SERVER_INSTANCES, cores - 1));
  }

  private Future<Void> deployMoreInstances(
      NodeInfo info, NodeApi api, ActivityApi activityApi, EdgeMetrics metrics) {
    int instances =
        options.serverInstances() > 0
            ? options.serverInstances()
            : defaultServerInstances(Runtime.getRuntime().availableProcessors());
    int extra = Math.max(0, instances - 1);
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < extra; i++) {
      // Vert.x shares a listening socket between servers asking for the same host and port; an
      // ephemeral port (0) is not shared, so such a node keeps one instance per server.
      if (options.grpcPort() != 0) {
        chain =
            chain
                .compose(v -> vertx.deployVerticle(new GrpcEdgeVerticle(options, api, metrics)))
                .map(this::deployed);
      }
      if (options.httpPort() != 0) {
        chain =
            chain
                .compose(v -> vertx.deployVerticle(newHttp(info, api, activityApi, metrics)))
                .map(this::deployed);
      }
    }
    return chain;
  }

  /**
   * Bucket owners for sealing activity eras: asks the registry for all buckets at once and waits
   * (the ledger calls it on its own thread). An unknown bucket has no owner; a failing registry
   * fails the sealing, which is retried.
   */
  private static ActivityLedger.Owners owners(BucketRegistry registry) {
    return ids -> {
      java.util.Map<Long, java.util.concurrent.CompletableFuture<Optional<BucketRegistry.Bucket>>>
          lookups = new java.util.TreeMap<>();
      for (long id : ids) {
        lookups.put(id, registry.bucket(id).toCompletionStage().toCompletableFuture());
      }
      java.util.Map<Long, byte[]> out = new java.util.TreeMap<>();
      try {
        java.util.concurrent.CompletableFuture.allOf(
                lookups.values().toArray(java.util.concurrent.CompletableFuture[]::new))
            .get(OWNER_LOOKUP_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        lookups.forEach((id, f) -> f.join().ifPresent(b -> out.put(id, b.owner())));
        return out;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted looking up bucket owners", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot look up bucket owners: " + e, e);
      }
    };
  }

  private static final long OWNER_LOOKUP_SECONDS = 10;

  private NodeApi newApi(BucketRegistry registry) {
    Authorizer.SignatureVerifier verifier = Authorizer.CRYPTO;
    return new NodeApi(
        vertx,
        options,
        registry,
        // Tokens repeat with every call; activity requests are unique, nothing to remember there.
        new Authorizer(
            Authorizer.remembering(verifier, Authorizer.REMEMBERED_TOKEN_SIGNATURES),
            System::currentTimeMillis),
        new ActivityCapture(verifier),
        activityLog,
        new DeliveryQuota(
            options.quotaCapacity(),
            options.quotaRefillTimeout(),
            options.quotaMaxTtl(),
            System::currentTimeMillis),
        new BucketContent(vertx, store, cluster));
  }

  /**
   * Recovery findings: a rebuilt index (also on a fresh directory) is a warning, the rest errors.
   */
  private static void reportCorruption(CorruptionListener.Corruption c) {
    if (c.kind() == CorruptionListener.Kind.INDEX_REBUILT) {
      LOG.warn("store {}: {}", c.kind(), c.message());
    } else {
      LOG.error("store {}: segment {} @ {}: {}", c.kind(), c.segmentId(), c.offset(), c.message());
    }
  }

  /** Whether the node can serve: false once its store reports a fatal failure. */
  boolean healthy() {
    return store != null && store.healthy();
  }

  /** The node id reported by {@code /info}: configured, or the gRPC URL. */
  public String nodeId() {
    return nodeId;
  }

  /** The bound HTTP port (the actual one when the options said 0). */
  public int httpPort() {
    return http.port();
  }

  /** The bound native gRPC port (the actual one when the options said 0). */
  public int grpcPort() {
    return grpc.port();
  }

  /** The bound membership port of the cluster manager, or -1 when the node runs standalone. */
  public int membershipPort() {
    return membershipPort;
  }

  /** Members of the cluster this node currently sees (itself included); 1 when standalone. */
  public int clusterMembers() {
    return cluster == null ? 1 : cluster.members().size();
  }

  /** The cluster manager's counters (replicated writes, fetches, repair), empty when standalone. */
  public Optional<ClusterStats> clusterStats() {
    return cluster == null ? Optional.empty() : Optional.of(cluster.stats());
  }

  /** The effective options (a copy; changing it does not affect the node). */
  public NodeOptions options() {
    return new NodeOptions(options);
  }

  /**
   * Stops the servers, leaves the cluster, then releases the store. Completes on the caller's
   * context.
   */
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      all.add(vertx.undeploy(deployments.get(i)));
    }
    deployments.clear();
    return Future.join(all)
        .transform(ar -> activityLog == null ? Future.succeededFuture() : activityLog.close())
        .transform(ar -> cluster == null ? Future.<Void>succeededFuture() : cluster.close())
        .transform(
            ar ->
                store == null
                    ? Future.<Void>succeededFuture()
                    : vertx.executeBlocking(
                        () -> {
                          store.close();
                          return null;
                        },
                        false))
        .mapEmpty();
  }

  private static String loadVersion() {
    try (InputStream in = DdcNode.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
