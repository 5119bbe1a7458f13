package io.ddc.cluster;

import io.ddc.cluster.placement.PlacementNode;
import io.ddc.cluster.placement.RendezvousPlacement;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's view of its DDC cluster: membership, placement, replication after writes, fetching
 * pieces this node lacks, and repair. The edge starts one per node and calls it; see the package
 * documentation for the call sequence.
 *
 * <p>Threading: every method may be called from any thread and returns at once; returned futures
 * complete on the context that was current when {@link #start} was called (the manager's context).
 * {@link #placement} and {@link #members} are plain reads of an immutable snapshot.
 *
 * <p>Failures: a request failure completes that request's future with a {@link ClusterException}
 * subclass. Losing the Hazelcast membership is not fatal: the node keeps serving what it holds and
 * fetches from the last known live set until it rejoins.
 */
public final class ClusterManager {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterManager.class);
  private static final String RECORD_NAMESPACE = "ddc.cluster";

  /** Longest record key: its length is a 16-bit field of the address encoding (§4.2). */
  public static final int MAX_RECORD_KEY = 0xFFFF;

  private static final byte[] BUCKETS_KEY = "buckets".getBytes(StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final Context context;
  private final ClusterOptions options;
  private final PieceStore store;
  private final KeyPair key;
  private final String nodeId;
  private final Clock clock;
  private final MemberSource source;

  /** In-flight fetches by CID; confined to the manager's context. */
  private final Map<Cid, Future<PieceInfo>> fetches = new java.util.HashMap<>();

  private final List<Consumer<MembershipChange>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
  private final Set<Long> buckets = ConcurrentHashMap.newKeySet();
  private final AtomicLong writesAcknowledged = new AtomicLong();
  private final AtomicLong writesFailed = new AtomicLong();
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong fetchFailures = new AtomicLong();
  private final AtomicLong faultsRecorded = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean outOfList =
      new java.util.concurrent.atomic.AtomicBoolean();

  private volatile Membership membership;
  private P2pServer server;
  private P2pClient client;

  /**
   * Repair's own P2P client, used only from this manager's context. The shared {@link #client} is
   * also called from the edge's event loops (pipelined writes, read misses), and a Vert.x 5.0.7
   * client can lose an answer on a pooled connection that another event loop opened (decision
   * 0055); repair must not wait on one.
   */
  private P2pClient repairClient;

  private ReplicationCoordinator replication;
  private Records records;
  private PieceCache cache;
  private HealthProber health;
  private Repairer repairer;
  private ErasureCoordinator erasure;
  private NodeDescriptor self;
  private List<NodeDescriptor> lastLive = List.of();
  private long refreshTimer = -1;
  private boolean closing;

  private ClusterManager(
      Vertx vertx,
      Context context,
      ClusterOptions options,
      PieceStore store,
      KeyPair key,
      MemberSource source,
      Clock clock) {
    this.vertx = vertx;
    this.source = source;
    this.context = context;
    this.options = options;
    this.store = store;
    this.key = key;
    this.nodeId = HexFormat.of().formatHex(key.publicKey());
    this.clock = clock;
  }

  /**
   * Starts the P2P server, joins the Hazelcast cluster and publishes this node's descriptor. {@code
   * nodeKey} must be ed25519: it identifies the node and signs its P2P requests. The options are
   * copied. The future fails if the port is taken or the member cannot start.
   */
  public static Future<ClusterManager> start(
      Vertx vertx, ClusterOptions options, PieceStore store, KeyPair nodeKey) {
    return start(vertx, options, store, nodeKey, null, Clock.systemUTC());
  }

  /**
   * Like {@link #start(Vertx, ClusterOptions, PieceStore, KeyPair)}, but only the nodes that {@code
   * source} lists are members (docs/spec/placement.md §4.1): the others leave the live set, the
   * placement and the P2P endpoint's accepted senders as soon as the source drops them, and repair
   * restores the redundancy among the rest. Join addresses come from the source's nodes as well as
   * from the configured seeds. {@code null} behaves as the four-argument form.
   */
  public static Future<ClusterManager> start(
      Vertx vertx, ClusterOptions options, PieceStore store, KeyPair nodeKey, MemberSource source) {
    return start(vertx, options, store, nodeKey, source, Clock.systemUTC());
  }

  static Future<ClusterManager> start(
      Vertx vertx,
      ClusterOptions options,
      PieceStore store,
      KeyPair nodeKey,
      MemberSource source,
      Clock clock) {
    if (nodeKey.scheme() != KeyScheme.ED25519) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "the node key must be ed25519, " + nodeKey.scheme() + " given"));
    }
    Context ctx = vertx.getOrCreateContext();
    ClusterManager m =
        new ClusterManager(vertx, ctx, new ClusterOptions(options), store, nodeKey, source, clock);
    Promise<ClusterManager> started = Promise.promise();
    ctx.runOnContext(v -> m.boot().onComplete(started));
    return started.future();
  }

  private Future<ClusterManager> boot() {
    records = new Records(context, store);
    if (options.mode() == NodeMode.CACHE) {
      cache = new PieceCache(store, options.cacheCapacityBytes());
    }
    P2pKeys keys = new P2pKeys(key);
    server =
        new P2pServer(
            vertx, options, store, this::isMember, clock, this::noteBucket, records, nodeId, keys);
    client = new P2pClient(vertx, options, keys, nodeId, store, clock);
    erasure = new ErasureCoordinator(this, client, options);
    replication =
        new ReplicationCoordinator(
            this,
            client,
            options.replicationSuccessThreshold(),
            erasure,
            options.transferTimeout());
    repairClient = new P2pClient(vertx, options, keys, nodeId, store, clock);
    repairer =
        new Repairer(
            this,
            repairClient,
            store,
            options.replicationTotal(),
            options.repairGracePeriod(),
            options.repairConcurrency(),
            options.repairStepTimeout());
    health = new HealthProber(this, client, options.healthProbeInterval().toMillis());
    return records
        .load()
        .compose(
            v -> P2pServer.onContext(context, store.getRecord(0, RECORD_NAMESPACE, BUCKETS_KEY)))
        .compose(
            known -> {
              known.ifPresent(
                  b -> {
                    ByteBuffer bb = ByteBuffer.wrap(b);
                    while (bb.remaining() >= Long.BYTES) {
                      buckets.add(bb.getLong());
                    }
                  });
              return cache == null
                  ? server.listen()
                  : localPieces()
                      .map(
                          pieces -> {
                            pieces.stream()
                                .sorted(java.util.Comparator.comparing(PieceInfo::storedAt))
                                .forEach(cache::added);
                            return null;
                          })
                      .compose(v -> server.listen());
            })
        .compose(
            port -> {
              self =
                  new NodeDescriptor(
                      nodeId, options.host(), port, options.weight(), options.mode());
              LOG.info(
                  "cluster manager of node {} starting: p2p {}:{}, options {}",
                  nodeId,
                  options.host(),
                  port,
                  options);
              if (options.faultCorruptServedPieces()) {
                LOG.warn(
                    "FAULT INJECTION is on (faultCorruptServedPieces): this node corrupts every"
                        + " piece it serves to peers; never run it in production");
              }
              return vertx.executeBlocking(
                  () ->
                      Membership.join(
                          options, self, source, view -> context.runOnContext(x -> onView(view))),
                  false);
            })
        .map(
            ms -> {
              membership = ms;
              if (source != null) {
                source.subscribe(
                    () -> {
                      if (!closing) {
                        vertx.executeBlocking(() -> refreshMembership(ms), false);
                      }
                    });
                warnIfNotAdmitted(ms);
              }
              onView(ms.view());
              // Re-deriving the live set once per heartbeat catches a lost membership event and a
              // change of the member source.
              refreshTimer =
                  vertx.setPeriodic(
                      options.heartbeatInterval().toMillis(),
                      id -> vertx.executeBlocking(() -> refreshMembership(ms), false));
              health.start();
              return this;
            });
  }

  private Void refreshMembership(Membership ms) {
    ms.refresh();
    warnIfNotAdmitted(ms);
    return null;
  }

  /** Logs once per change when the member source stops (or starts again) listing this node. */
  private void warnIfNotAdmitted(Membership ms) {
    boolean out = !ms.admitted(nodeId);
    if (outOfList.getAndSet(out) != out) {
      if (out) {
        LOG.warn(
            "node {} is not in the cluster's node list: it is out of placement and peers refuse its"
                + " P2P requests",
            nodeId);
      } else {
        LOG.info("node {} is in the cluster's node list again", nodeId);
      }
    }
  }

  private void onView(Membership.View view) {
    List<NodeDescriptor> live = view.live();
    if (closing || live.equals(lastLive)) {
      return;
    }
    List<NodeDescriptor> joined = new ArrayList<>(live);
    joined.removeAll(lastLive);
    List<NodeDescriptor> left = new ArrayList<>(lastLive);
    left.removeAll(live);
    lastLive = live;
    MembershipChange change = new MembershipChange(joined, left, live);
    LOG.info(
        "membership: {} live; joined {}, left {}",
        live.size(),
        joined.stream().map(NodeDescriptor::nodeId).toList(),
        left.stream().map(NodeDescriptor::nodeId).toList());
    for (Consumer<MembershipChange> l : listeners) {
      try {
        l.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("membership listener failed", e);
      }
    }
    if (options.mode().holdsReplicas() && repairer != null) {
      repairer.schedule();
    }
  }

  Membership.View view() {
    Membership m = membership;
    return m == null ? new Membership.View(List.of()) : m.view();
  }

  boolean isMember(String id) {
    Membership m = membership;
    return m != null && m.isMember(id);
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  PieceStore store() {
    return store;
  }

  P2pClient client() {
    return client;
  }

  /** This node's id: the lower-case hex of its ed25519 public key. */
  public String nodeId() {
    return nodeId;
  }

  /** This node's descriptor as published to the cluster. */
  public NodeDescriptor self() {
    return self;
  }

  /** The live set, sorted by node id (cache nodes included). */
  public List<NodeDescriptor> members() {
    return view().live();
  }

  /**
   * The nodes that should hold {@code cid}: the first {@code replicationTotal} replica-holding live
   * nodes in rendezvous order (docs/spec/placement.md §3), most preferred first.
   */
  public List<NodeDescriptor> placement(Cid cid) {
    return ranking(cid, options.replicationTotal());
  }

  /** The first {@code count} replica-holding live nodes in rendezvous order for {@code cid}. */
  List<NodeDescriptor> replicaRanking(Cid cid, int count) {
    return ranking(cid, count);
  }

  /**
   * The holders of the {@code shards} shards of the erasure-coded piece {@code cid} among the
   * replica-holding live nodes: element {@code i} holds shard {@code i} (placement.md §3.6). Empty
   * when no such node is live.
   */
  List<NodeDescriptor> shardHolders(Cid cid, int shards) {
    List<NodeDescriptor> live = view().live();
    return descriptors(
        RendezvousPlacement.INSTANCE.shardHolders(cid, replicaHolding(live), shards), live);
  }

  private List<NodeDescriptor> ranking(Cid cid, int count) {
    List<NodeDescriptor> live = view().live();
    return descriptors(RendezvousPlacement.INSTANCE.place(cid, replicaHolding(live), count), live);
  }

  private static List<PlacementNode> replicaHolding(List<NodeDescriptor> live) {
    List<PlacementNode> nodes = new ArrayList<>();
    for (NodeDescriptor d : live) {
      if (d.mode().holdsReplicas()) {
        nodes.add(new PlacementNode(d.nodeId(), d.weight()));
      }
    }
    return nodes;
  }

  private static List<NodeDescriptor> descriptors(
      List<PlacementNode> placed, List<NodeDescriptor> live) {
    List<NodeDescriptor> out = new ArrayList<>();
    for (PlacementNode p : placed) {
      for (NodeDescriptor d : live) {
        if (d.nodeId().equals(p.id())) {
          out.add(d);
        }
      }
    }
    return out;
  }

  /**
   * Copies a piece this node has just stored to its placement (docs/spec/cluster-transfer.md §5).
   * Succeeds once {@code replicationSuccessThreshold} placement nodes hold it durably; fails with
   * {@link ReplicationException} when that can no longer happen.
   */
  public Future<ReplicationResult> replicate(long bucketId, Cid cid) {
    return counted(onContext(() -> replication.replicate(bucketId, cid)));
  }

  /**
   * Starts forwarding a piece of {@code bucketId} to its replicas while it is being received
   * (§5.1), or null when the placement cannot be known before the piece's CID: more replica-holding
   * live nodes than {@code replicationTotal}, a piece that will be erasure-coded ({@code
   * declaredSize} as the client announced it; 0 when unknown), or no other replica holder. The
   * write is then finished with {@link #finish}; without one the caller uses {@link #replicate}.
   */
  public Future<PipelinedWrite> pipeline(long bucketId, long declaredSize) {
    if (declaredSize <= 0 || erasure.applies(declaredSize)) {
      return Future.succeededFuture();
    }
    List<NodeDescriptor> holders = new ArrayList<>();
    for (NodeDescriptor d : view().live()) {
      if (d.mode().holdsReplicas()) {
        holders.add(d);
      }
    }
    if (holders.size() > options.replicationTotal()) {
      return Future.succeededFuture();
    }
    List<NodeDescriptor> targets =
        holders.stream().filter(d -> !d.nodeId().equals(nodeId)).toList();
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return PipelinedWrite.open(client, bucketId, declaredSize, targets, erasure::applies);
  }

  /**
   * Completes a pipelined write once this node committed {@code cid}: the same acknowledgement rule
   * as {@link #replicate} (§5), with the streamed copies that answered {@code cid} counted as
   * durable and a stored copy pushed to each other placement node.
   */
  public Future<ReplicationResult> finish(PipelinedWrite write, Cid cid) {
    return counted(onContext(() -> replication.finish(write, cid)));
  }

  private <T> Future<T> counted(Future<T> write) {
    return write.andThen(
        ar -> (ar.succeeded() ? writesAcknowledged : writesFailed).incrementAndGet());
  }

  /** A snapshot of this node's counters. */
  public ClusterStats stats() {
    Repairer.Totals r = repairer == null ? new Repairer.Totals() : repairer.totals();
    return new ClusterStats(
        members().size(),
        writesAcknowledged.get(),
        writesFailed.get(),
        fetched.get(),
        fetchFailures.get(),
        faultsRecorded.get(),
        r.passes.get(),
        r.copies.get(),
        r.bytes.get(),
        r.failures.get(),
        r.dropped.get(),
        cache == null ? 0 : cache.bytes(),
        cache == null ? 0 : cache.evictions(),
        r.timeouts.get(),
        r.deferred.get());
  }

  /**
   * Makes a piece this node lacks local: asks the replica-holding live nodes in rendezvous order
   * (unhealthy nodes and nodes recorded as faulty last), stores the first copy whose bytes hash to
   * the CID, and records a node that served other bytes as faulty. Concurrent calls for the same
   * CID share one transfer. Returns the local piece's info; fails with {@link
   * PieceUnavailableException}.
   */
  public Future<PieceInfo> fetchFromPeers(Cid cid) {
    return onContext(
        () -> {
          Future<PieceInfo> running = fetches.get(cid);
          if (running != null) {
            return running;
          }
          Promise<PieceInfo> p = Promise.promise();
          fetches.put(cid, p.future());
          P2pServer.onContext(context, store.stat(cid))
              .compose(
                  local ->
                      local.isPresent()
                          ? Future.succeededFuture(local.get())
                          : fetchFrom(cid, candidates(cid), 0, new ArrayList<>(), true)
                              .recover(e -> rebuild(cid, e)))
              .onComplete(
                  ar -> {
                    fetches.remove(cid);
                    if (ar.succeeded()) {
                      noteBucket(ar.result().bucketId());
                      fetched.incrementAndGet();
                      if (cache != null) {
                        cache.added(ar.result());
                      }
                    } else {
                      fetchFailures.incrementAndGet();
                    }
                    p.handle(ar);
                  });
          return p.future();
        });
  }

  /**
   * No peer served a whole copy: with erasure coding on, rebuild the piece from its shards
   * (placement.md §5.4); otherwise, or when the cluster has no manifest for it, the fetch's own
   * failure.
   */
  private Future<PieceInfo> rebuild(Cid cid, Throwable fetchFailure) {
    if (!erasure.enabled()) {
      return Future.failedFuture(fetchFailure);
    }
    return erasure
        .reconstruct(cid)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PieceUnavailableException p && p.notFoundAnywhere()
                        ? fetchFailure
                        : e));
  }

  ErasureCoordinator erasure() {
    return erasure;
  }

  Records records() {
    return records;
  }

  /** Whether repair does not copy the local piece: shards, and pieces stored erasure-coded. */
  boolean erasureCoded(PieceInfo piece) {
    return piece.bucketId() == ErasureCoordinator.SHARD_BUCKET || erasure.applies(piece.size());
  }

  private List<NodeDescriptor> candidates(Cid cid) {
    List<NodeDescriptor> healthy = new ArrayList<>();
    List<NodeDescriptor> failing = new ArrayList<>();
    Set<String> bad = health.unhealthy();
    for (NodeDescriptor d : ranking(cid, Integer.MAX_VALUE)) {
      if (!d.nodeId().equals(nodeId)) {
        boolean suspect = bad.contains(d.nodeId()) || faults.containsKey(d.nodeId());
        (suspect ? failing : healthy).add(d);
      }
    }
    healthy.addAll(failing); // unhealthy and faulty peers are asked last, not skipped
    return healthy;
  }

  /** Live peers whose P2P endpoint failed its last three health probes. */
  public Set<String> unhealthyNodes() {
    return health == null ? Set.of() : health.unhealthy();
  }

  private Future<PieceInfo> fetchFrom(
      Cid cid, List<NodeDescriptor> peers, int i, List<String> tried, boolean allMissing) {
    if (i >= peers.size()) {
      return Future.failedFuture(new PieceUnavailableException(cid, allMissing, tried));
    }
    NodeDescriptor peer = peers.get(i);
    tried.add(peer.nodeId());
    return client
        .fetch(peer, cid)
        .recover(
            e -> {
              boolean missing = e instanceof TransferException t && t.status() == 404;
              if (e instanceof PieceIntake.DigestMismatch) {
                recordFault(peer.nodeId(), cid, e.getMessage());
              } else if (!missing) {
                LOG.warn("fetch of {} from {} failed: {}", cid, peer.nodeId(), e.getMessage());
              }
              return fetchFrom(cid, peers, i + 1, tried, allMissing && missing);
            });
  }

  private void recordFault(String peer, Cid cid, String reason) {
    long n = faults.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
    faultsRecorded.incrementAndGet();
    LOG.error("node {} served corrupt bytes for {} ({} faults so far): {}", peer, cid, n, reason);
  }

  /**
   * Writes a versioned record (a name record, a DAG node kept as a record) to this node, if it
   * holds replicas, and to the record's placement (docs/spec/cluster-transfer.md §8). A stored
   * record with a higher version (or the same version and larger value bytes) is kept instead.
   * Acknowledged under the same threshold rule as pieces. Keys longer than {@link #MAX_RECORD_KEY}
   * bytes fail with {@link IllegalArgumentException}.
   */
  public Future<ReplicationResult> putRecord(
      long bucketId, String namespace, byte[] key, byte[] value, long version) {
    Records.checkNamespace(namespace);
    if (key.length > MAX_RECORD_KEY) {
      throw new IllegalArgumentException(
          "record key of " + key.length + " bytes, at most " + MAX_RECORD_KEY);
    }
    VersionedRecord r = new VersionedRecord(version, value);
    P2pServer.RecordAddress a = new P2pServer.RecordAddress(bucketId, namespace, key.clone());
    Cid pk = Records.placementKey(bucketId, namespace, key);
    return counted(
        onContext(
            () -> {
              Future<VersionedRecord> local =
                  options.mode().holdsReplicas()
                      ? records.merge(bucketId, namespace, a.key(), r)
                      : Future.succeededFuture(r);
              return local.compose(
                  v ->
                      replication.fanOut(
                          pk,
                          value.length,
                          placement(pk),
                          t -> client.putRecord(t, a, r).mapEmpty()));
            }));
  }

  /**
   * The winning version of a record across this node and the record's placement, or empty when none
   * of them holds it. Placement nodes holding an older version are sent the winner (read repair).
   * Fails with {@link ClusterException} only when no placement node answered and this node holds
   * nothing.
   */
  public Future<Optional<VersionedRecord>> getRecord(long bucketId, String namespace, byte[] key) {
    Records.checkNamespace(namespace);
    P2pServer.RecordAddress a = new P2pServer.RecordAddress(bucketId, namespace, key.clone());
    Cid pk = Records.placementKey(bucketId, namespace, key);
    return onContext(
        () -> {
          List<NodeDescriptor> peers = new ArrayList<>(placement(pk));
          peers.removeIf(d -> d.nodeId().equals(nodeId));
          List<Future<Optional<VersionedRecord>>> asks = new ArrayList<>();
          asks.add(records.get(bucketId, namespace, a.key()));
          for (NodeDescriptor p : peers) {
            asks.add(client.getRecord(p, a));
          }
          return Future.join(asks)
              .transform(
                  ignored -> {
                    VersionedRecord best = null;
                    int answered = 0;
                    for (Future<Optional<VersionedRecord>> f : asks) {
                      if (f.succeeded()) {
                        answered++;
                        Optional<VersionedRecord> r = f.result();
                        if (r.isPresent() && (best == null || r.get().supersedes(best))) {
                          best = r.get();
                        }
                      }
                    }
                    if (answered == 0) {
                      return Future.failedFuture(
                          new ClusterException(
                              "record "
                                  + a.path()
                                  + ": neither this node nor its placement answered",
                              asks.getFirst().cause()));
                    }
                    if (best != null) {
                      readRepair(a, best, peers, asks);
                    }
                    return Future.succeededFuture(Optional.ofNullable(best));
                  });
        });
  }

  private void readRepair(
      P2pServer.RecordAddress a,
      VersionedRecord best,
      List<NodeDescriptor> peers,
      List<Future<Optional<VersionedRecord>>> answers) {
    Future<Optional<VersionedRecord>> local = answers.getFirst();
    if (options.mode().holdsReplicas()
        && local.succeeded()
        && !local.result().map(best::equals).orElse(false)) {
      records.merge(a.bucketId(), a.namespace(), a.key(), best);
    }
    for (int i = 0; i < peers.size(); i++) {
      Future<Optional<VersionedRecord>> f = answers.get(i + 1);
      if (f.succeeded() && !f.result().map(best::equals).orElse(false)) {
        NodeDescriptor peer = peers.get(i);
        client
            .putRecord(peer, a, best)
            .onFailure(
                e ->
                    LOG.warn(
                        "read repair of {} on {} failed: {}",
                        a.path(),
                        peer.nodeId(),
                        e.getMessage()));
      }
    }
  }

  /**
   * Tells a cache-mode node that the edge served {@code cid} from its store, so that the piece
   * counts as recently used; other modes ignore it.
   */
  public void noteRead(Cid cid) {
    if (cache != null) {
      context.runOnContext(v -> cache.touched(cid));
    }
  }

  /** Nodes that served bytes not matching the requested CID, with how often; a snapshot. */
  public Map<String, Long> faultyNodes() {
    Map<String, Long> out = new java.util.TreeMap<>();
    faults.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Registers a listener for live-set changes, called on the manager's context. */
  public void onMembershipChange(Consumer<MembershipChange> listener) {
    listeners.add(listener);
  }

  /** Runs a repair pass now (after any running one) and reports it. */
  public Future<RepairReport> repairNow() {
    return onContext(() -> repairer.run());
  }

  /** The report of the last completed repair pass, if any. */
  public Optional<RepairReport> lastRepair() {
    return Optional.ofNullable(repairer == null ? null : repairer.last());
  }

  /** Remembers a bucket this node holds pieces of; persisted so that repair finds it later. */
  void noteBucket(long bucketId) {
    if (buckets.add(bucketId)) {
      Set<Long> sorted = new TreeSet<>(buckets);
      ByteBuffer b = ByteBuffer.allocate(sorted.size() * Long.BYTES);
      sorted.forEach(b::putLong);
      store
          .putRecord(0, RECORD_NAMESPACE, BUCKETS_KEY, b.array())
          .exceptionally(
              e -> {
                LOG.warn("cannot persist the bucket list: {}", e.toString());
                return null;
              });
    }
  }

  /** Every piece this node holds in the buckets it knows of. */
  Future<List<PieceInfo>> localPieces() {
    List<Future<List<PieceInfo>>> lists = new ArrayList<>();
    for (long b : new TreeSet<>(buckets)) {
      lists.add(P2pServer.onContext(context, store.list(b)));
    }
    return Future.all(lists)
        .map(
            all -> {
              List<PieceInfo> out = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                List<PieceInfo> l = all.resultAt(i);
                out.addAll(l);
              }
              return out;
            });
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  /** Leaves the cluster cleanly and stops the P2P server. */
  public Future<Void> close() {
    return stop(false);
  }

  /** Stops only the P2P server, leaving the member in the cluster. For failure tests. */
  Future<Void> stopP2pServer() {
    return onContext(() -> server.close());
  }

  /** Starts the P2P server again on its former port after {@link #stopP2pServer}. For tests. */
  Future<Void> restartP2pServer() {
    return onContext(() -> server.listen(self.p2pPort()).mapEmpty());
  }

  /** Stops at once as a crash would: no goodbye to the cluster. For failure tests. */
  Future<Void> crash() {
    return stop(true);
  }

  private Future<Void> stop(boolean crash) {
    return onContext(
        () -> {
          closing = true;
          repairer.cancel();
          health.stop();
          vertx.cancelTimer(refreshTimer);
          Membership m = membership;
          Future<Void> member =
              m == null
                  ? Future.succeededFuture()
                  : vertx.executeBlocking(
                      () -> {
                        if (crash) {
                          m.terminate();
                        } else {
                          m.leave();
                        }
                        return null;
                      },
                      false);
          return member
              .eventually(() -> server.close())
              .eventually(() -> client.close())
              .eventually(() -> repairClient.close());
        });
  }
}
