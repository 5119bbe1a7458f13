package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Streams an incoming piece (a P2P request or response body) into the local store and checks that
 * its bytes hash to the expected CID with the digest the store computes while committing (one hash
 * per copy, decision 0057): a piece whose CID is another is deleted again and the transfer fails,
 * so nothing is ever kept or served under a CID its bytes do not hash to. Runs on {@code context};
 * the stream is paused while a chunk's write is pending, so at most one chunk is held per transfer,
 * and the store reads the chunk where the transport delivered it (no copy into an array first). A
 * write the store completes at once (it copied the chunk into its memory staging) leaves the stream
 * flowing: no pause, no hop through the context, for most chunks of most pieces.
 */
final class PieceIntake {
  private PieceIntake() {}

  /** Thrown into the returned future when the bytes do not match the CID. */
  static final class DigestMismatch extends ClusterException {
    private static final long serialVersionUID = 1L;

    DigestMismatch(Cid expected, long bytes) {
      super("received " + bytes + " bytes that do not hash to " + expected);
    }
  }

  /**
   * Drains {@code in} into a new piece of {@code bucketId} and commits it ({@code expectedBytes}:
   * its announced length, a hint for the store's staging; 0 when unknown). With {@code expected}
   * null the piece is stored under whatever CID its bytes have (the caller compares it); otherwise
   * a committed piece with another CID is removed again — unless the store held that CID before
   * this transfer began (a piece is never deleted on behalf of a transfer that did not create it) —
   * and the future fails with {@link DigestMismatch}.
   */
  static Future<PieceInfo> drain(
      Context context,
      ReadStream<Buffer> in,
      PieceStore store,
      long bucketId,
      Cid expected,
      long expectedBytes) {
    Promise<PieceInfo> done = Promise.promise();
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Cid.Codec codec = expected == null ? Cid.Codec.RAW : expected.codec();
    PieceWriter writer = store.newPiece(bucketId, codec, expectedBytes);
    long[] received = {0};
    in.pause();
    in.exceptionHandler(
        e -> {
          writer.abort();
          done.tryFail(e);
        });
    in.handler(
        buf -> {
          received[0] += buf.length();
          CompletableFuture<Void> written = writer.write(view(buf));
          if (written.isDone() && !written.isCompletedExceptionally()) {
            return;
          }
          in.pause();
          written.whenComplete(
              (v, e) ->
                  context.runOnContext(
                      x -> {
                        if (e != null) {
                          writer.abort();
                          done.tryFail(e);
                        } else if (!done.future().isComplete()) {
                          in.resume();
                        }
                      }));
        });
    in.endHandler(
        v ->
            writer
                .commit()
                .whenComplete(
                    (info, e) ->
                        context.runOnContext(
                            x -> {
                              if (e != null) {
                                done.tryFail(e);
                              } else if (expected != null && !info.cid().equals(expected)) {
                                rejected(store, info, started)
                                    .onComplete(
                                        y ->
                                            done.tryFail(
                                                new DigestMismatch(expected, received[0])));
                              } else {
                                done.tryComplete(info);
                              }
                            })));
    in.resume();
    return done.future();
  }

  /**
   * A transfer's announced length ({@code content-length}, or a streamed piece's {@code size}
   * parameter) as a staging hint: the positive decimal number {@code text} holds, else 0 (unknown).
   */
  static long sizeHint(String text) {
    if (text == null || text.isEmpty() || text.length() > 18) {
      return 0;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return 0;
      }
    }
    return Long.parseLong(text);
  }

  /**
   * The chunk's bytes as a buffer the store may read until its write completes: Vert.x hands each
   * received chunk over in a buffer of its own, so no copy is needed unless it is composite.
   */
  private static java.nio.ByteBuffer view(Buffer buf) {
    io.netty.buffer.ByteBuf bb = ((BufferInternal) buf).getByteBuf();
    return bb.nioBufferCount() == 1 ? bb.nioBuffer() : java.nio.ByteBuffer.wrap(buf.getBytes());
  }

  /** Deletes a piece that was committed under an unexpected CID, if this transfer created it. */
  private static Future<Void> rejected(PieceStore store, PieceInfo info, Instant started) {
    if (info.storedAt().isBefore(started)) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(store.delete(info.cid()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }
}
