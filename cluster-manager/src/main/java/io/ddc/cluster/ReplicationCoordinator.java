package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a freshly written piece to its placement (docs/spec/cluster-transfer.md §5) and decides
 * when the write may be acknowledged: once {@code replicationSuccessThreshold} placement nodes,
 * this one included if it is one of them, hold the piece durably. The remaining copies go on in the
 * background. Pieces that are stored erasure-coded go to {@link ErasureCoordinator} instead. Each
 * copy has a deadline ({@link ClusterOptions#transferTimeout()} plus 1 s per MiB, decision 0069): a
 * copy without an outcome by then counts as failed, so a write never waits for ever on one answer.
 * Runs on the cluster manager's context.
 */
final class ReplicationCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationCoordinator.class);

  private final ClusterManager cluster;
  private final P2pClient client;
  private final int threshold;
  private final ErasureCoordinator erasure;
  private final long copyMillis;

  /**
   * Copies with {@code client}, acknowledging at {@code threshold} durable copies; a copy of {@code
   * n} bytes fails after {@code copyTimeout} plus 1 s per MiB without an outcome.
   */
  ReplicationCoordinator(
      ClusterManager cluster,
      P2pClient client,
      int threshold,
      ErasureCoordinator erasure,
      Duration copyTimeout) {
    this.erasure = erasure;
    this.cluster = cluster;
    this.client = client;
    this.threshold = threshold;
    this.copyMillis = copyTimeout.toMillis();
  }

  Future<ReplicationResult> replicate(long bucketId, Cid cid) {
    return local(bucketId, cid)
        .compose(
            info ->
                erasure.applies(info.size())
                    ? erasure.write(bucketId, cid, info)
                    : copy(bucketId, cid, info));
  }

  /** The local piece {@code cid} just written to {@code bucketId}; fails when it is not here. */
  private Future<PieceInfo> local(long bucketId, Cid cid) {
    return P2pServer.onContext(cluster.context(), cluster.store().stat(cid))
        .compose(
            info -> {
              if (info.isEmpty()) {
                return Future.failedFuture(
                    new ClusterException("piece " + cid + " is not stored on this node"));
              }
              cluster.noteBucket(bucketId);
              return Future.succeededFuture(info.get());
            });
  }

  /**
   * A pipelined write (§5.1): placement nodes whose streamed copy answered {@code cid} are durable;
   * the others get a stored copy as in {@link #replicate}. A piece that turned out to need erasure
   * coding (its streams were reset) goes to {@link ErasureCoordinator}.
   */
  Future<ReplicationResult> finish(PipelinedWrite write, Cid cid) {
    long bucketId = write.bucketId();
    return local(bucketId, cid)
        .compose(
            info -> {
              long size = info.size();
              if (erasure.applies(size)) {
                write.abort();
                return erasure.write(bucketId, cid, info);
              }
              Map<String, Future<Cid>> streamed = new HashMap<>();
              for (PipelinedWrite.Leg l : write.legs()) {
                streamed.put(l.peer().nodeId(), l.reply());
              }
              return fanOut(
                  cid,
                  size,
                  cluster.placement(cid),
                  t -> {
                    Future<Cid> reply = streamed.get(t.nodeId());
                    if (reply == null || write.reset()) {
                      return client.push(t, bucketId, cid, size);
                    }
                    return P2pServer.onContext(
                            cluster.context(), reply.toCompletionStage().toCompletableFuture())
                        .compose(
                            got ->
                                got.equals(cid)
                                    ? Future.<Void>succeededFuture()
                                    : Future.failedFuture(
                                        new ClusterException(
                                            "streamed copy stored as " + got + ", not " + cid)))
                        .recover(
                            e -> {
                              LOG.info(
                                  "streamed copy of {} to {} failed ({}); sending the stored copy",
                                  cid,
                                  t.nodeId(),
                                  e.getMessage());
                              return client.push(t, bucketId, cid, size);
                            });
                  });
            });
  }

  private Future<ReplicationResult> copy(long bucketId, Cid cid, PieceInfo info) {
    return fanOut(
        cid,
        info.size(),
        cluster.placement(cid),
        t -> client.push(t, bucketId, cid, info.size()).mapEmpty());
  }

  /**
   * Sends {@code bytes} to every placement node but this one in parallel ({@code send}), counting
   * this node as a durable copy when it is in the placement; succeeds at the threshold, fails when
   * the threshold is out of reach.
   */
  Future<ReplicationResult> fanOut(
      Cid key,
      long bytes,
      List<NodeDescriptor> targets,
      Function<NodeDescriptor, Future<Void>> send) {
    List<String> placement = targets.stream().map(NodeDescriptor::nodeId).toList();
    List<String> durable = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<NodeDescriptor> remote = new ArrayList<>();
    for (NodeDescriptor t : targets) {
      if (t.nodeId().equals(cluster.nodeId())) {
        durable.add(t.nodeId());
      } else {
        remote.add(t);
      }
    }
    Promise<ReplicationResult> done = Promise.promise();
    Throwable[] lastError = {null};
    Runnable check =
        () -> {
          int pending = targets.size() - durable.size() - failed.size();
          if (durable.size() >= threshold) {
            done.tryComplete(new ReplicationResult(key, placement, durable));
          } else if (durable.size() + pending < threshold) {
            done.tryFail(
                new ReplicationException(key, durable.size(), threshold, failed, lastError[0]));
          }
        };
    check.run();
    long millis = Deadline.forBytes(copyMillis, bytes);
    for (NodeDescriptor t : remote) {
      Deadline.within(
              cluster.vertx(),
              cluster.context(),
              Deadline.started(() -> send.apply(t)),
              millis,
              "copy of " + key + " to " + t.nodeId(),
              () -> {})
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  durable.add(t.nodeId());
                } else {
                  failed.add(t.nodeId());
                  lastError[0] = ar.cause();
                  LOG.warn("copy of {} to {} failed: {}", key, t.nodeId(), ar.cause().getMessage());
                }
                check.run();
              });
    }
    return done.future();
  }
}
