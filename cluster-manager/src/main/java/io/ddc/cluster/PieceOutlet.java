package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.ByteBuffer;

/**
 * Streams a stored piece into an HTTP body in {@value #CHUNK}-byte reads, one read in flight: the
 * next read starts when the previous chunk was written, so memory per transfer stays one chunk. The
 * region lease is released when the stream ends or fails.
 */
final class PieceOutlet {
  static final int CHUNK = 1 << 20;

  private PieceOutlet() {}

  /**
   * Writes all bytes of {@code cid} to {@code out} (without ending it). Runs on {@code context}.
   */
  static Future<Void> pipe(Context context, PieceStore store, Cid cid, WriteStream<Buffer> out) {
    return pipe(context, store, cid, out, false);
  }

  /**
   * Like {@link #pipe(Context, PieceStore, Cid, WriteStream)}; with {@code corrupt} (fault
   * injection, {@link ClusterOptions#faultCorruptServedPieces()}) the first byte sent is inverted.
   */
  static Future<Void> pipe(
      Context context, PieceStore store, Cid cid, WriteStream<Buffer> out, boolean corrupt) {
    WriteStream<Buffer> target = corrupt ? new FirstByteFlipper(out) : out;
    Promise<Void> done = Promise.promise();
    store
        .open(cid)
        .whenComplete(
            (region, e) ->
                context.runOnContext(
                    v -> {
                      if (e != null) {
                        done.fail(e);
                      } else {
                        next(context, region, 0, target, done);
                      }
                    }));
    return done.future();
  }

  private static void next(
      Context context,
      PieceRegion region,
      long offset,
      WriteStream<Buffer> out,
      Promise<Void> done) {
    long size = region.size();
    if (offset >= size) {
      region.close();
      done.complete();
      return;
    }
    int len = (int) Math.min(CHUNK, size - offset);
    region
        .read(offset, len)
        .whenComplete(
            (bb, e) ->
                context.runOnContext(
                    v -> {
                      if (e != null) {
                        region.close();
                        done.fail(e);
                        return;
                      }
                      out.write(toBuffer(bb))
                          .onComplete(
                              w -> {
                                if (w.failed()) {
                                  region.close();
                                  done.fail(w.cause());
                                } else {
                                  next(context, region, offset + len, out, done);
                                }
                              });
                    }));
  }

  /** Passes chunks through, the first byte of the first one inverted. */
  private static final class FirstByteFlipper implements WriteStream<Buffer> {
    private final WriteStream<Buffer> out;
    private boolean flipped;

    FirstByteFlipper(WriteStream<Buffer> out) {
      this.out = out;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (!flipped && data.length() > 0) {
        flipped = true;
        data.setByte(0, (byte) ~data.getByte(0));
      }
      return out.write(data);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      out.exceptionHandler(handler);
      return this;
    }

    @Override
    public Future<Void> end() {
      return out.end();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      out.setWriteQueueMaxSize(maxSize);
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return out.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      out.drainHandler(handler);
      return this;
    }
  }

  private static Buffer toBuffer(ByteBuffer bb) {
    byte[] bytes = new byte[bb.remaining()];
    bb.duplicate().get(bytes);
    return Buffer.buffer(bytes);
  }
}
