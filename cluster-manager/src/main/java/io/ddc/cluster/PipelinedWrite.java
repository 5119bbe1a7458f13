package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * A piece forwarded to its replicas while the writing node still receives it from the client
 * (docs/spec/cluster-transfer.md §5.1, decision 0058): every chunk goes to the local store and to
 * each replica in the same pass, so the copies' transfers and their {@code fdatasync}s overlap the
 * local ones instead of following them. Each replica computes the piece's CID with its own store
 * and answers it; {@link ClusterManager#finish} counts a streamed copy as durable only when that
 * CID equals the one the writing node computed, and sends a stored copy (§5 push) to any placement
 * node whose streamed copy failed, differed or was never started.
 *
 * <p>Obtained from {@link ClusterManager#pipeline}; driven from one Vert.x context: {@link #write}
 * per chunk, honouring {@link #writeQueueFull()}, then {@link #end} when the client's stream ended,
 * then {@link ClusterManager#finish} after the local commit — or {@link #abort()}.
 */
public final class PipelinedWrite {
  /** One replica's stream: {@code req} is null when it could not be opened. */
  record Leg(NodeDescriptor peer, HttpClientRequest req, Future<Cid> reply) {}

  private final long bucketId;
  private final List<Leg> legs;
  private final LongPredicate erasureCoded;
  private final ByteBufAllocator alloc;
  private boolean closed;
  private boolean reset;

  PipelinedWrite(long bucketId, List<Leg> legs, LongPredicate erasureCoded) {
    this(bucketId, legs, erasureCoded, ByteBufAllocator.DEFAULT);
  }

  /** With {@code alloc} for the chunks' shared direct copies (tests count them). */
  PipelinedWrite(
      long bucketId, List<Leg> legs, LongPredicate erasureCoded, ByteBufAllocator alloc) {
    this.bucketId = bucketId;
    this.legs = legs;
    this.erasureCoded = erasureCoded;
    this.alloc = alloc;
  }

  /**
   * Opens a stream to each of {@code targets} for a piece announced as {@code declaredSize} bytes;
   * a stream that fails to open is left to push.
   */
  static Future<PipelinedWrite> open(
      P2pClient client,
      long bucketId,
      long declaredSize,
      List<NodeDescriptor> targets,
      LongPredicate erasureCoded) {
    List<Future<Leg>> opening = new ArrayList<>();
    for (NodeDescriptor t : targets) {
      opening.add(
          client
              .openStream(t, bucketId, declaredSize)
              .map(req -> new Leg(t, req, P2pClient.streamedReply(t, req)))
              .otherwise(e -> new Leg(t, null, Future.failedFuture(e))));
    }
    return Future.all(opening)
        .map(
            all -> {
              List<Leg> legs = new ArrayList<>();
              for (Future<Leg> f : opening) {
                legs.add(f.result());
              }
              return new PipelinedWrite(bucketId, legs, erasureCoded);
            });
  }

  long bucketId() {
    return bucketId;
  }

  List<Leg> legs() {
    return legs;
  }

  /** Whether the streams were reset before their end (the piece goes the stored-copy way). */
  boolean reset() {
    return reset;
  }

  private boolean live(Leg l) {
    return l.req() != null && !l.reply().isComplete();
  }

  /**
   * Forwards {@code chunk} to every replica whose stream is still open. The streams share one copy
   * of the chunk in direct memory, released when every stream has written it or failed: given a
   * heap chunk, Netty would copy it into direct memory once per stream, and a chunk made of several
   * received frames twice (merged on the heap first).
   */
  public void write(Buffer chunk) {
    if (closed) {
      return;
    }
    int live = 0;
    for (Leg l : legs) {
      if (live(l)) {
        live++;
      }
    }
    if (live == 0) {
      return;
    }
    ByteBuf direct = alloc.directBuffer(chunk.length());
    for (ByteBuffer part : ((BufferInternal) chunk).getByteBuf().nioBuffers()) {
      direct.writeBytes(part);
    }
    // Vert.x writes a Buffer that wraps a ByteBuf of its own making as an unreleasable slice, so
    // the streams never release `direct`; the last write to complete does.
    Buffer shared = BufferInternal.buffer(direct);
    AtomicInteger writing = new AtomicInteger(live);
    for (Leg l : legs) {
      if (!live(l)) {
        continue;
      }
      Future<Void> written;
      try {
        written = l.req().write(shared);
      } catch (RuntimeException e) { // a stream that was reset meanwhile
        written = Future.failedFuture(e);
      }
      written.onComplete(
          ar -> {
            if (ar.failed()) {
              l.req().reset(0, ar.cause());
            }
            if (writing.decrementAndGet() == 0) {
              direct.release();
            }
          });
    }
  }

  /** Whether some replica's stream has more queued than its connection's high-water mark. */
  public boolean writeQueueFull() {
    for (Leg l : legs) {
      if (live(l) && l.req().writeQueueFull()) {
        return true;
      }
    }
    return false;
  }

  /** Calls {@code handler} once, when no replica's write queue is full any more. */
  public void drainHandler(Handler<Void> handler) {
    boolean[] called = {false};
    Handler<Void> once =
        v -> {
          if (!called[0] && !writeQueueFull()) {
            called[0] = true;
            handler.handle(null);
          }
        };
    for (Leg l : legs) {
      if (live(l)) {
        l.req().drainHandler(once);
        l.reply().onComplete(ar -> once.handle(null));
      }
    }
    once.handle(null);
  }

  /**
   * The client's stream ended after {@code size} bytes: each replica may commit. A piece large
   * enough to be erasure-coded is not replicated whole: its streams are reset instead.
   */
  public void end(long size) {
    if (closed) {
      return;
    }
    closed = true;
    if (erasureCoded.test(size)) {
      resetAll();
      return;
    }
    for (Leg l : legs) {
      if (live(l)) {
        l.req().end().onFailure(e -> l.req().reset(0, e));
      }
    }
  }

  /** Drops every stream: the replicas discard what they staged. Idempotent. */
  public void abort() {
    closed = true;
    resetAll();
  }

  private void resetAll() {
    reset = true;
    for (Leg l : legs) {
      if (l.req() != null) {
        l.req().reset();
      }
    }
  }
}
