package io.ddc.cluster;

import io.ddc.cluster.erasure.ShardCodec;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the replication factor after membership changes (docs/spec/cluster-transfer.md §7).
 *
 * <p>Every node scans the pieces it holds, computes each one's placement over the current live set,
 * asks each placement node in batches which of them it lacks, and pushes the missing copies, at
 * most {@code repairConcurrency} at a time. A node that joined thus receives the pieces it now wins
 * (rebalancing), and the successors of a node that left receive its pieces from the surviving
 * holders. Copies already in place are never sent again. Of the placement nodes that hold a piece,
 * only the first-ranked sends a missing copy. A holder outside the placement sends only when no
 * placement node holds the piece; otherwise it leaves the copy to that placement holder and checks
 * again in a later pass, sending itself only if the copies it left stopped arriving (see {@link
 * #afterPass}). A joining node thus gets each piece once. The versioned records listed in the
 * node's {@link RecordIndex} are repaired the same way after the pieces (§8.6), comparing versions
 * instead of presence.
 *
 * <p>Surplus copies (§7): a replicated piece this node holds but is no longer a placement node of
 * (it was, before a node joined or came back; or it fetched the piece to serve a read) is deleted
 * from the local store once every one of its {@code replicationTotal} placement nodes has confirmed
 * its copy in the same pass (held, or copied to it by this pass), and only when the live set did
 * not change during the pass. Erasure-coded pieces are never dropped here; a shard record is, once
 * the node its piece now ranks for that shard confirmed it ({@link #staleShards}).
 *
 * <p>Deadlines: every step of a pass (listing the local pieces, one presence or version query, one
 * copy, one surplus delete, the shards of one piece) has a deadline ({@link
 * ClusterOptions#repairStepTimeout()}, plus one second per MiB for copies). A step past it is
 * logged by name and counted as failed, and the pass goes on; the failure schedules a retry like
 * any other. A step's own work is not cancelled (a late copy still lands; the request's idle
 * timeout closes a dead connection), but an answer that never comes cannot hold up repair, which a
 * running pass otherwise would, since it defers every later pass.
 *
 * <p>Concurrency: all state is confined to the cluster manager's context; step outcomes are
 * delivered there. A change during a pass schedules one more pass after the running one.
 */
final class Repairer {
  private static final Logger LOG = LoggerFactory.getLogger(Repairer.class);
  static final int BATCH = 256;

  /** Least delay before a pass with failed copies runs again. */
  static final long RETRY_MILLIS = 2000;

  /** Longest delay between passes that keep failing: the retry delay doubles up to it. */
  static final long MAX_RETRY_MILLIS = 60_000;

  private final ClusterManager cluster;
  private final P2pClient client;
  private final PieceStore store;
  private final int replicationTotal;
  private final Duration grace;
  private final int concurrency;
  private final long stepMillis;
  private long timer = -1;
  private Future<RepairReport> running;
  private boolean again;
  private boolean stopped;
  private boolean eager;
  private long retryDelay;

  /** Copies the last pass left to placement holders, or -1 when it left none. */
  private long lastDeferred = -1;

  private volatile RepairReport last;
  private final Totals totals = new Totals();

  /** Totals over all passes since start, updated as each copy completes. */
  static final class Totals {
    final AtomicLong passes = new AtomicLong();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
  }

  Totals totals() {
    return totals;
  }

  /**
   * Repairs {@code cluster}'s pieces in {@code store} with {@code client}; a pass runs {@code
   * grace} after the last membership change, sends at most {@code concurrency} copies at a time,
   * counts a placement as complete at {@code replicationTotal} nodes, and gives each step {@code
   * stepTimeout} (copies one second per MiB more).
   */
  Repairer(
      ClusterManager cluster,
      P2pClient client,
      PieceStore store,
      int replicationTotal,
      Duration grace,
      int concurrency,
      Duration stepTimeout) {
    this.cluster = cluster;
    this.client = client;
    this.store = store;
    this.replicationTotal = replicationTotal;
    this.grace = grace;
    this.concurrency = concurrency;
    this.stepMillis = stepTimeout.toMillis();
  }

  /** The deadline of a step that moves {@code bytes}: the step deadline plus 1 s per MiB. */
  long deadlineFor(long bytes) {
    return Deadline.forBytes(stepMillis, bytes);
  }

  /**
   * {@code f}'s outcome, delivered on the cluster manager's context, or a {@link Deadline.Exceeded}
   * naming {@code step} when it has none after {@code millis}. Logged by the step's caller, with
   * its failure; counted first, since failing runs the rest of the pass.
   */
  private <T> Future<T> deadline(Future<T> f, long millis, String step) {
    return Deadline.within(
        cluster.vertx(),
        cluster.context(),
        f,
        millis,
        step,
        () -> totals.timeouts.incrementAndGet());
  }

  RepairReport last() {
    return last;
  }

  /** (Re)starts the grace-period timer; the pass runs when it fires. */
  void schedule() {
    if (stopped) {
      return;
    }
    if (timer >= 0) {
      cluster.vertx().cancelTimer(timer);
    }
    retryDelay = 0;
    lastDeferred = -1;
    long delay = Math.max(1, grace.toMillis());
    timer =
        cluster
            .vertx()
            .setTimer(
                delay,
                id -> {
                  timer = -1;
                  run();
                });
  }

  /**
   * Schedules what follows a pass that ran to its end without a membership change during it ({@code
   * report} null when it failed as a whole).
   *
   * <ul>
   *   <li>Failures: the next pass runs {@code max(2 s, grace)} later, twice as long after each
   *       further such pass, at most {@value #MAX_RETRY_MILLIS} ms, and is eager: it sends every
   *       copy it finds missing whatever this node's rank among the holders, because the holder
   *       ranked before it may have received its own copy from the failed pass and has no reason to
   *       run one.
   *   <li>Copies left to placement holders (this node holds pieces outside their placement): the
   *       next pass runs after the same delays, to confirm those copies and drop its own. It is
   *       eager only when it would otherwise leave as many copies as the pass before it left or
   *       more: the holders stopped delivering (their view of the live set may differ from ours, or
   *       their pass is stuck), so this node sends the rest itself.
   *   <li>Otherwise nothing runs until the next membership change.
   * </ul>
   *
   * <p>A pending grace-period timer (a membership change) takes precedence over either.
   */
  private void afterPass(RepairReport report) {
    if (report == null || report.copiesFailed() > 0) {
      lastDeferred = -1;
      retryLater(true, "the pass had failures");
    } else if (report.copiesDeferred() > 0) {
      boolean stalled = lastDeferred >= 0 && report.copiesDeferred() >= lastDeferred;
      lastDeferred = stalled ? -1 : report.copiesDeferred();
      retryLater(
          stalled,
          report.copiesDeferred()
              + " copies left to placement holders"
              + (stalled ? ", none arrived since the last pass: sending them" : ""));
    } else {
      retryDelay = 0;
      lastDeferred = -1;
    }
  }

  private void retryLater(boolean eagerly, String why) {
    if (timer < 0 && !stopped) {
      retryDelay =
          retryDelay == 0
              ? Math.max(RETRY_MILLIS, grace.toMillis())
              : Math.min(MAX_RETRY_MILLIS, retryDelay * 2);
      LOG.info("repair: {}, next pass in {} ms", why, retryDelay);
      timer =
          cluster
              .vertx()
              .setTimer(
                  retryDelay,
                  id -> {
                    timer = -1;
                    eager = eagerly;
                    run();
                  });
    }
  }

  /** Cancels the pending pass and any retry; the node is stopping. */
  void cancel() {
    stopped = true;
    if (timer >= 0) {
      cluster.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  /** Runs a pass now, or once more after the running one. */
  Future<RepairReport> run() {
    if (running != null) {
      again = true;
      return running.transform(ar -> run());
    }
    long start = System.nanoTime();
    Counters c = new Counters();
    c.liveAtStart = cluster.members();
    c.eager = eager;
    eager = false;
    Future<RepairReport> pass =
        deadline(Deadline.started(cluster::localPieces), stepMillis, "listing the local pieces")
            .compose(
                pieces -> {
                  LOG.info(
                      "repair pass starting: {} local pieces, {} live nodes",
                      pieces.size(),
                      cluster.members().size());
                  List<P2pServer.RecordAddress> held = cluster.records().addresses();
                  return batches(pieces, 0, c)
                      .compose(v -> shards(pieces, 0, c))
                      .compose(v -> staleShards(pieces, 0, c))
                      .compose(v -> records(held, 0, c))
                      .compose(v -> lost(cluster.records().addresses(), 0, c));
                })
            .map(v -> c.report(System.nanoTime() - start));
    // Set before listening: a pass over no pieces may already be complete here.
    running = pass;
    pass.onComplete(
        ar -> {
          running = null;
          totals.passes.incrementAndGet();
          if (ar.succeeded()) {
            last = ar.result();
            RepairReport r = ar.result();
            LOG.info(
                "repair done: {} pieces scanned, {} copies made ({} bytes, {} MB/s), {} failed,"
                    + " {} left to placement holders, {} records scanned, {} records sent, {} ms,"
                    + " {} surplus copies dropped",
                r.piecesScanned(),
                r.copiesMade(),
                r.bytesCopied(),
                String.format("%.1f", r.bytesPerSecond() / 1e6),
                r.copiesFailed(),
                r.copiesDeferred(),
                r.recordsScanned(),
                r.recordsCopied(),
                r.took().toMillis(),
                r.surplusDropped());
          } else {
            LOG.warn("repair pass failed: {}", ar.cause().toString());
          }
          if (again) {
            again = false;
            retryDelay = 0;
            schedule();
          } else {
            afterPass(ar.succeeded() ? ar.result() : null);
          }
        });
    return running;
  }

  private static final class Counters {
    long scanned;
    long recordsScanned;
    List<NodeDescriptor> liveAtStart;
    boolean eager;
    final AtomicLong copies = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    long deferred;
    final AtomicLong recordsCopied = new AtomicLong();

    RepairReport report(long nanos) {
      return new RepairReport(
          scanned,
          copies.get(),
          bytes.get(),
          failed.get(),
          deferred,
          recordsScanned,
          recordsCopied.get(),
          dropped.get(),
          Duration.ofNanos(nanos));
    }
  }

  /** One transfer to a placement node that lacks something: a piece copy or a record. */
  private record Copy(
      NodeDescriptor target, String what, long bytes, Supplier<Future<Void>> send, Runnable done) {}

  private Copy pieceCopy(NodeDescriptor target, PieceInfo p, Counters c, Surplus surplus) {
    return new Copy(
        target,
        p.cid().toString(),
        p.size(),
        () -> client.push(target, p.bucketId(), p.cid(), p.size()),
        () -> {
          surplus.confirmed(p.cid());
          c.copies.incrementAndGet();
          c.bytes.addAndGet(p.size());
          totals.copies.incrementAndGet();
          totals.bytes.addAndGet(p.size());
        });
  }

  private Future<Void> batches(List<PieceInfo> pieces, int from, Counters c) {
    if (from >= pieces.size()) {
      return Future.succeededFuture();
    }
    List<PieceInfo> batch = pieces.subList(from, Math.min(pieces.size(), from + BATCH));
    c.scanned += batch.size();
    Map<NodeDescriptor, List<PieceInfo>> byTarget = new LinkedHashMap<>();
    Map<Cid, List<NodeDescriptor>> placements = new HashMap<>();
    Surplus surplus = new Surplus();
    for (PieceInfo p : batch) {
      if (cluster.erasureCoded(p)) {
        continue; // shards and erasure-coded pieces are not copied (placement.md §5.4)
      }
      List<NodeDescriptor> placement = cluster.placement(p.cid());
      placements.put(p.cid(), placement);
      if (placement.size() == replicationTotal && !placed(placement)) {
        surplus.candidate(p, placement.size());
      }
      for (NodeDescriptor t : placement) {
        if (!t.nodeId().equals(cluster.nodeId())) {
          byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(p);
        }
      }
    }
    List<Missing> missing = new ArrayList<>();
    Map<Cid, Set<String>> holders = new HashMap<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (Map.Entry<NodeDescriptor, List<PieceInfo>> e : byTarget.entrySet()) {
      List<Cid> cids = e.getValue().stream().map(PieceInfo::cid).toList();
      asks.add(
          deadline(
                  Deadline.started(() -> client.has(e.getKey(), cids)),
                  stepMillis,
                  "presence query of " + cids.size() + " pieces to " + e.getKey().nodeId())
              .map(
                  held -> {
                    for (int i = 0; i < held.length; i++) {
                      if (held[i]) {
                        surplus.confirmed(cids.get(i));
                        holders
                            .computeIfAbsent(cids.get(i), k -> new HashSet<>())
                            .add(e.getKey().nodeId());
                      } else {
                        missing.add(new Missing(e.getKey(), e.getValue().get(i)));
                      }
                    }
                    return (Void) null;
                  })
              .recover(err -> askFailed(e.getKey(), cids.size(), err, c)));
    }
    List<Copy> copies = new ArrayList<>();
    Future<Void> asked =
        Future.join(asks)
            .transform(
                ar -> {
                  for (Missing m : missing) {
                    List<NodeDescriptor> placement = placements.get(m.piece().cid());
                    Set<String> held = holders.get(m.piece().cid());
                    if (c.eager || pushes(placement, held)) {
                      copies.add(pieceCopy(m.target(), m.piece(), c, surplus));
                    } else if (!placed(placement)) {
                      c.deferred++; // its surplus copy stays until a later pass confirms this one
                      totals.deferred.incrementAndGet();
                    }
                  }
                  return Future.succeededFuture();
                });
    return asked
        .compose(v -> copyAll(new ArrayDeque<>(copies), c))
        .compose(v -> dropSurplus(surplus, c))
        .compose(
            v -> {
              if (pieces.size() > BATCH) {
                LOG.info(
                    "repair progress: {}/{} pieces scanned, {} copies made, {} failed",
                    c.scanned,
                    pieces.size(),
                    c.copies.get(),
                    c.failed.get());
              }
              return batches(pieces, from + BATCH, c);
            });
  }

  /** A placement node that answered that it lacks a piece this node holds. */
  private record Missing(NodeDescriptor target, PieceInfo piece) {}

  private boolean placed(List<NodeDescriptor> placement) {
    return placement.stream().anyMatch(t -> t.nodeId().equals(cluster.nodeId()));
  }

  /**
   * Whether this node sends the missing copies of a piece with {@code placement} whose placement
   * nodes {@code holders} (node ids, may be null) said they hold it. A placement node sends only
   * when no placement node ranked before it holds the piece, so the survivors of a lost node send
   * each copy once rather than once per holder. A node outside the placement sends only when no
   * placement node holds the piece: otherwise the first-ranked placement holder sends it in its own
   * pass (the same membership change triggered both), and this node, which drops its copy only once
   * every placement node confirmed one (§7), checks again later ({@link #afterPass}). A joining
   * node thus gets each piece from its first-ranked placement holder alone.
   */
  private boolean pushes(List<NodeDescriptor> placement, Set<String> holders) {
    if (holders == null || holders.isEmpty()) {
      return true;
    }
    if (!placed(placement)) {
      return false;
    }
    for (NodeDescriptor d : placement) {
      if (d.nodeId().equals(cluster.nodeId())) {
        return true;
      }
      if (holders.contains(d.nodeId())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The pieces of one batch that this node holds outside their placement, with how many of their
   * placement nodes have not yet confirmed a copy. Confined to the cluster manager's context.
   */
  private static final class Surplus {
    private final Map<Cid, PieceInfo> pieces = new LinkedHashMap<>();
    private final Map<Cid, Integer> unconfirmed = new HashMap<>();

    void candidate(PieceInfo p, int placementNodes) {
      pieces.put(p.cid(), p);
      unconfirmed.put(p.cid(), placementNodes);
    }

    /** A placement node holds {@code cid} (answered so, or received it in this pass). */
    void confirmed(Cid cid) {
      unconfirmed.computeIfPresent(cid, (k, n) -> n - 1);
    }

    /** The candidates every placement node confirmed. */
    List<PieceInfo> droppable() {
      return pieces.values().stream().filter(p -> unconfirmed.get(p.cid()) == 0).toList();
    }
  }

  /**
   * Deletes the local copies that every placement node confirmed, unless the live set changed since
   * the pass began (the placement they were confirmed against may be stale).
   */
  private Future<Void> dropSurplus(Surplus surplus, Counters c) {
    return drop(surplus.droppable(), "surplus copy", c);
  }

  /**
   * Deletes {@code pieces} (each confirmed on the node that now holds it by placement) from the
   * local store, unless the live set changed since the pass began; counted as surplus dropped.
   */
  private Future<Void> drop(List<PieceInfo> pieces, String what, Counters c) {
    if (pieces.isEmpty()) {
      return Future.succeededFuture();
    }
    if (!cluster.members().equals(c.liveAtStart)) {
      LOG.info("repair: keeping {} {}s, the live set changed during the pass", pieces.size(), what);
      return Future.succeededFuture();
    }
    List<Future<Boolean>> deletes = new ArrayList<>();
    for (PieceInfo p : pieces) {
      deletes.add(
          deadline(
                  Deadline.started(
                      () -> P2pServer.onContext(cluster.context(), store.delete(p.cid()))),
                  stepMillis,
                  what + " delete of " + p.cid())
              .onSuccess(
                  existed -> {
                    if (existed) {
                      c.dropped.incrementAndGet();
                      totals.dropped.incrementAndGet();
                    }
                  })
              .onFailure(
                  e -> LOG.warn("repair: dropping {} {} failed: {}", what, p.cid(), e.toString())));
    }
    return Future.join(deletes).transform(ar -> Future.succeededFuture());
  }

  /**
   * Puts back the shards of the erasure-coded pieces this node holds whole, one piece at a time
   * (placement.md §5.4).
   */
  private Future<Void> shards(List<PieceInfo> pieces, int from, Counters c) {
    for (int i = from; i < pieces.size(); i++) {
      PieceInfo p = pieces.get(i);
      if (p.bucketId() != ErasureCoordinator.SHARD_BUCKET && cluster.erasureCoded(p)) {
        int next = i + 1;
        return shardBytes(
                deadline(
                    Deadline.started(() -> cluster.erasure().repair(p)),
                    deadlineFor(p.size()),
                    "shards of " + p.cid()),
                p.cid(),
                c)
            .compose(v -> shards(pieces, next, c));
      }
    }
    return Future.succeededFuture();
  }

  /**
   * Drops the shard records this node holds that their piece now places on another node
   * (placement.md §5.4), {@value #BATCH} records at a time: reads each record's header (which
   * piece, which index; version-1 records name no piece and are kept), and asks the node that now
   * holds each record's shard (placement.md §3.6) whether it holds it, one query per node. A record
   * that node confirms is deleted here, unless the live set changed during the pass. One it lacks
   * stays and is counted as left to others: the node holding the whole piece (or the manifest
   * holders, when none does) sends that shard in its own pass, and a later pass confirms it; in an
   * eager pass (the copies left stopped arriving) this node sends its record itself and drops it
   * once it landed.
   */
  private Future<Void> staleShards(List<PieceInfo> pieces, int from, Counters c) {
    if (!cluster.erasure().enabled()) {
      return Future.succeededFuture();
    }
    List<PieceInfo> batch = new ArrayList<>();
    int i = from;
    for (; i < pieces.size() && batch.size() < BATCH; i++) {
      if (pieces.get(i).bucketId() == ErasureCoordinator.SHARD_BUCKET) {
        batch.add(pieces.get(i));
      }
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    int next = i;
    List<Future<Optional<ShardCodec.Owner>>> owners = new ArrayList<>();
    for (PieceInfo p : batch) {
      owners.add(
          deadline(
                  Deadline.started(() -> cluster.erasure().owner(p)),
                  stepMillis,
                  "reading the header of shard record " + p.cid())
              .recover(
                  e -> {
                    LOG.warn("repair: cannot read shard record {}: {}", p.cid(), e.getMessage());
                    return Future.succeededFuture(Optional.empty());
                  }));
    }
    return Future.all(owners)
        .compose(
            v -> {
              Map<NodeDescriptor, List<PieceInfo>> byHolder = new LinkedHashMap<>();
              for (int k = 0; k < batch.size(); k++) {
                NodeDescriptor holder = rankedHolder(owners.get(k).result());
                if (holder != null && !holder.nodeId().equals(cluster.nodeId())) {
                  byHolder.computeIfAbsent(holder, x -> new ArrayList<>()).add(batch.get(k));
                }
              }
              return placedElsewhere(byHolder, c);
            })
        .compose(v -> staleShards(pieces, next, c));
  }

  /**
   * The node that holds {@code owner}'s shard index of its piece now (placement.md §3.6), or null
   * when the record names no piece or no replica-holding node is live.
   */
  private NodeDescriptor rankedHolder(Optional<ShardCodec.Owner> owner) {
    if (owner.isEmpty()) {
      return null;
    }
    Cid piece;
    try {
      piece = Cid.fromBytes(owner.get().pieceId());
    } catch (RuntimeException e) {
      return null; // a header naming no valid CID: not ours to judge, kept
    }
    List<NodeDescriptor> holders = cluster.shardHolders(piece, owner.get().totalShards());
    return holders.isEmpty() ? null : holders.get(owner.get().index());
  }

  /** Asks each ranked holder about the records {@code byHolder} lists, then drops or sends them. */
  private Future<Void> placedElsewhere(Map<NodeDescriptor, List<PieceInfo>> byHolder, Counters c) {
    List<PieceInfo> confirmed = new ArrayList<>();
    List<Copy> copies = new ArrayList<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (Map.Entry<NodeDescriptor, List<PieceInfo>> e : byHolder.entrySet()) {
      NodeDescriptor holder = e.getKey();
      List<PieceInfo> records = e.getValue();
      List<Cid> cids = records.stream().map(PieceInfo::cid).toList();
      asks.add(
          deadline(
                  Deadline.started(() -> client.has(holder, cids)),
                  stepMillis,
                  "presence query of " + cids.size() + " shard records to " + holder.nodeId())
              .map(
                  held -> {
                    for (int k = 0; k < held.length; k++) {
                      PieceInfo p = records.get(k);
                      if (held[k]) {
                        confirmed.add(p);
                      } else if (c.eager) {
                        copies.add(shardCopy(holder, p, c, confirmed));
                      } else {
                        c.deferred++;
                        totals.deferred.incrementAndGet();
                      }
                    }
                    return (Void) null;
                  })
              .recover(err -> askFailed(holder, cids.size(), err, c)));
    }
    return Future.join(asks)
        .transform(ar -> copyAll(new ArrayDeque<>(copies), c))
        .compose(v -> drop(confirmed, "stale shard record", c));
  }

  private Copy shardCopy(NodeDescriptor target, PieceInfo p, Counters c, List<PieceInfo> landed) {
    return new Copy(
        target,
        "shard record " + p.cid(),
        p.size(),
        () -> client.push(target, p.bucketId(), p.cid(), p.size()),
        () -> {
          landed.add(p);
          c.copies.incrementAndGet();
          c.bytes.addAndGet(p.size());
          totals.copies.incrementAndGet();
          totals.bytes.addAndGet(p.size());
        });
  }

  /**
   * Rebuilds the erasure-coded pieces whose shard manifests this node holds (the index as it is
   * after the record step) and that exist only as shards with some missing (placement.md §5.4), one
   * at a time.
   */
  private Future<Void> lost(List<P2pServer.RecordAddress> held, int from, Counters c) {
    if (!cluster.erasure().enabled()) {
      return Future.succeededFuture();
    }
    for (int i = from; i < held.size(); i++) {
      P2pServer.RecordAddress a = held.get(i);
      if (a.bucketId() == ErasureCoordinator.SHARD_BUCKET
          && a.namespace().equals(ErasureCoordinator.MANIFEST_NAMESPACE)) {
        Cid cid = Cid.fromBytes(a.key());
        int next = i + 1;
        return shardBytes(
                deadline(
                    Deadline.started(() -> cluster.erasure().rebuildLost(cid)),
                    deadlineFor(ClusterOptions.MAX_ERASURE_CODED_BYTES),
                    "rebuilding the lost piece " + cid),
                cid,
                c)
            .compose(v -> lost(held, next, c));
      }
    }
    return Future.succeededFuture();
  }

  /** Counts the shard bytes {@code sent} put back for {@code cid}, or its failure. */
  private Future<Void> shardBytes(Future<Long> sent, Cid cid, Counters c) {
    return sent.map(
            bytes -> {
              if (bytes > 0) {
                c.copies.incrementAndGet();
                c.bytes.addAndGet(bytes);
                totals.copies.incrementAndGet();
                totals.bytes.addAndGet(bytes);
              }
              return (Void) null;
            })
        .recover(
            e -> {
              LOG.warn("repair: shards of {} failed: {}", cid, e.getMessage());
              c.failed.incrementAndGet();
              totals.failures.incrementAndGet();
              return Future.succeededFuture();
            });
  }

  private Future<Void> askFailed(NodeDescriptor peer, int count, Throwable err, Counters c) {
    LOG.warn("repair: cannot ask {}: {}", peer.nodeId(), err.getMessage());
    c.failed.addAndGet(count);
    totals.failures.addAndGet(count);
    return Future.succeededFuture();
  }

  /**
   * Sends the versioned records this node holds to the placement nodes of each that hold none or an
   * older version (cluster-transfer.md §8.6), in batches of {@value #BATCH} addresses with one
   * {@code record-versions} query per placement node and batch.
   */
  private Future<Void> records(List<P2pServer.RecordAddress> held, int from, Counters c) {
    if (from >= held.size()) {
      return Future.succeededFuture();
    }
    List<P2pServer.RecordAddress> batch = held.subList(from, Math.min(held.size(), from + BATCH));
    c.recordsScanned += batch.size();
    Map<NodeDescriptor, List<P2pServer.RecordAddress>> byTarget = new LinkedHashMap<>();
    for (P2pServer.RecordAddress a : batch) {
      Cid key = Records.placementKey(a.bucketId(), a.namespace(), a.key());
      for (NodeDescriptor t : cluster.placement(key)) {
        if (!t.nodeId().equals(cluster.nodeId())) {
          byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(a);
        }
      }
    }
    Map<String, Future<Optional<VersionedRecord>>> local = new HashMap<>();
    for (List<P2pServer.RecordAddress> as : byTarget.values()) {
      for (P2pServer.RecordAddress a : as) {
        local.computeIfAbsent(
            a.id(), k -> cluster.records().get(a.bucketId(), a.namespace(), a.key()));
      }
    }
    List<Copy> copies = new ArrayList<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (Map.Entry<NodeDescriptor, List<P2pServer.RecordAddress>> e : byTarget.entrySet()) {
      NodeDescriptor target = e.getKey();
      List<P2pServer.RecordAddress> as = e.getValue();
      asks.add(
          deadline(
                  Deadline.started(() -> client.recordVersions(target, as)),
                  stepMillis,
                  "version query of " + as.size() + " records to " + target.nodeId())
              .compose(
                  remote ->
                      deadline(
                              Future.all(as.stream().map(a -> local.get(a.id())).toList()),
                              stepMillis,
                              "reading " + as.size() + " local records")
                          .map(
                              v -> {
                                for (int i = 0; i < remote.length; i++) {
                                  P2pServer.RecordAddress a = as.get(i);
                                  Optional<VersionedRecord> mine = local.get(a.id()).result();
                                  if (mine.isPresent()
                                      && (remote[i] == null || remote[i].olderThan(mine.get()))) {
                                    copies.add(recordCopy(target, a, mine.get(), c));
                                  }
                                }
                                return (Void) null;
                              }))
              .recover(err -> askFailed(target, as.size(), err, c)));
    }
    return Future.join(asks)
        .transform(ar -> copyAll(new ArrayDeque<>(copies), c))
        .compose(v -> records(held, from + BATCH, c));
  }

  private Copy recordCopy(
      NodeDescriptor target, P2pServer.RecordAddress a, VersionedRecord r, Counters c) {
    return new Copy(
        target,
        "record " + a.path(),
        r.value().length,
        () -> client.putRecord(target, a, r).mapEmpty(),
        () -> {
          c.recordsCopied.incrementAndGet();
          totals.records.incrementAndGet();
        });
  }

  private Future<Void> copyAll(Deque<Copy> queue, Counters c) {
    Promise<Void> done = Promise.promise();
    int[] active = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (active[0] < concurrency && !queue.isEmpty()) {
            Copy copy = queue.poll();
            active[0]++;
            deadline(
                    Deadline.started(copy.send()),
                    deadlineFor(copy.bytes()),
                    "copy of " + copy.what() + " to " + copy.target().nodeId())
                .onComplete(
                    ar -> {
                      active[0]--;
                      if (ar.succeeded()) {
                        copy.done().run();
                      } else {
                        c.failed.incrementAndGet();
                        totals.failures.incrementAndGet();
                        LOG.warn(
                            "repair: copy of {} to {} failed: {}",
                            copy.what(),
                            copy.target().nodeId(),
                            ar.cause().getMessage());
                      }
                      pump[0].run();
                    });
          }
          if (active[0] == 0 && queue.isEmpty()) {
            done.tryComplete();
          }
        };
    pump[0].run();
    return done.future();
  }
}
