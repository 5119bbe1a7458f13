package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the replication factor after membership changes (docs/spec/cluster-transfer.md §6).
 *
 * <p>Every node scans the pieces it holds, computes each one's placement over the current live set,
 * asks each placement node in batches which of them it lacks, and pushes the missing copies, at
 * most {@code repairConcurrency} at a time. A node that joined thus receives the pieces it now wins
 * (rebalancing), and the successors of a node that left receive its pieces from the surviving
 * holders. Copies already in place are never sent again; two holders may occasionally send the same
 * missing copy, which the receiver's content-addressed store absorbs.
 *
 * <p>Concurrency: all state is confined to the cluster manager's context. A change during a pass
 * schedules one more pass after the running one.
 */
final class Repairer {
  private static final Logger LOG = LoggerFactory.getLogger(Repairer.class);
  static final int BATCH = 256;

  /** Least delay before a pass with failed copies runs again. */
  static final long RETRY_MILLIS = 2000;

  private final ClusterManager cluster;
  private final P2pClient client;
  private final Duration grace;
  private final int concurrency;
  private long timer = -1;
  private Future<RepairReport> running;
  private boolean again;
  private volatile RepairReport last;
  private final Totals totals = new Totals();

  /** Totals over all passes since start, updated as each copy completes. */
  static final class Totals {
    final AtomicLong passes = new AtomicLong();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
  }

  Totals totals() {
    return totals;
  }

  Repairer(ClusterManager cluster, P2pClient client, Duration grace, int concurrency) {
    this.cluster = cluster;
    this.client = client;
    this.grace = grace;
    this.concurrency = concurrency;
  }

  RepairReport last() {
    return last;
  }

  /** (Re)starts the grace-period timer; the pass runs when it fires. */
  void schedule() {
    if (timer >= 0) {
      cluster.vertx().cancelTimer(timer);
    }
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

  private void retryLater() {
    if (timer < 0) {
      timer =
          cluster
              .vertx()
              .setTimer(
                  Math.max(RETRY_MILLIS, grace.toMillis()),
                  id -> {
                    timer = -1;
                    run();
                  });
    }
  }

  void cancel() {
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
    Future<RepairReport> pass =
        cluster
            .localPieces()
            .compose(
                pieces -> {
                  LOG.info(
                      "repair pass starting: {} local pieces, {} live nodes",
                      pieces.size(),
                      cluster.members().size());
                  return batches(pieces, 0, c).compose(v -> shards(pieces, 0, c));
                })
            .map(v -> c.report(System.nanoTime() - start));
    // Set before listening: a pass over no pieces may already be complete here.
    running = pass;
    pass.onComplete(
        ar -> {
          running = null;
          if (ar.succeeded()) {
            last = ar.result();
            RepairReport r = ar.result();
            LOG.info(
                "repair done: {} pieces scanned, {} copies made ({} bytes, {} MB/s), {} failed, {} ms",
                r.piecesScanned(),
                r.copiesMade(),
                r.bytesCopied(),
                String.format("%.1f", r.bytesPerSecond() / 1e6),
                r.copiesFailed(),
                r.took().toMillis());
          } else {
            LOG.warn("repair pass failed: {}", ar.cause().toString());
          }
          if (again) {
            again = false;
            schedule();
          }
        });
    return running;
  }

  private static final class Counters {
    long scanned;
    final AtomicLong copies = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    RepairReport report(long nanos) {
      return new RepairReport(
          scanned, copies.get(), bytes.get(), failed.get(), Duration.ofNanos(nanos));
    }
  }

  private record Copy(NodeDescriptor target, PieceInfo piece) {}

  private Future<Void> batches(List<PieceInfo> pieces, int from, Counters c) {
    if (from >= pieces.size()) {
      return Future.succeededFuture();
    }
    List<PieceInfo> batch = pieces.subList(from, Math.min(pieces.size(), from + BATCH));
    c.scanned += batch.size();
    Map<NodeDescriptor, List<PieceInfo>> byTarget = new LinkedHashMap<>();
    for (PieceInfo p : batch) {
      if (cluster.erasureCoded(p)) {
        continue; // shards and erasure-coded pieces are not copied (placement.md §5.4)
      }
      for (NodeDescriptor t : cluster.placement(p.cid())) {
        if (!t.nodeId().equals(cluster.nodeId())) {
          byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(p);
        }
      }
    }
    List<Copy> copies = new ArrayList<>();
    List<Future<Void>> asks = new ArrayList<>();
    for (Map.Entry<NodeDescriptor, List<PieceInfo>> e : byTarget.entrySet()) {
      List<Cid> cids = e.getValue().stream().map(PieceInfo::cid).toList();
      asks.add(
          client
              .has(e.getKey(), cids)
              .map(
                  held -> {
                    for (int i = 0; i < held.length; i++) {
                      if (!held[i]) {
                        copies.add(new Copy(e.getKey(), e.getValue().get(i)));
                      }
                    }
                    return (Void) null;
                  })
              .recover(
                  err -> {
                    LOG.warn("repair: cannot ask {}: {}", e.getKey().nodeId(), err.getMessage());
                    c.failed.addAndGet(cids.size());
                    totals.failures.addAndGet(cids.size());
                    return Future.succeededFuture();
                  }));
    }
    return Future.join(asks)
        .transform(ar -> copyAll(new ArrayDeque<>(copies), c))
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

  /**
   * Puts back the shards of the erasure-coded pieces this node holds whole, one piece at a time
   * (placement.md §5.4).
   */
  private Future<Void> shards(List<PieceInfo> pieces, int from, Counters c) {
    for (int i = from; i < pieces.size(); i++) {
      PieceInfo p = pieces.get(i);
      if (p.bucketId() != ErasureCoordinator.SHARD_BUCKET && cluster.erasureCoded(p)) {
        int next = i + 1;
        return cluster
            .erasure()
            .repair(p)
            .map(
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
                  LOG.warn("repair: shards of {} failed: {}", p.cid(), e.getMessage());
                  c.failed.incrementAndGet();
                  totals.failures.incrementAndGet();
                  return Future.succeededFuture();
                })
            .compose(v -> shards(pieces, next, c));
      }
    }
    return Future.succeededFuture();
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
            client
                .push(
                    copy.target(), copy.piece().bucketId(), copy.piece().cid(), copy.piece().size())
                .onComplete(
                    ar -> {
                      active[0]--;
                      if (ar.succeeded()) {
                        c.copies.incrementAndGet();
                        c.bytes.addAndGet(copy.piece().size());
                        totals.copies.incrementAndGet();
                        totals.bytes.addAndGet(copy.piece().size());
                      } else {
                        c.failed.incrementAndGet();
                        totals.failures.incrementAndGet();
                        LOG.warn(
                            "repair: copy of {} to {} failed: {}",
                            copy.piece().cid(),
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
