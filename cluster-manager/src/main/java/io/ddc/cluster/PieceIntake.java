package io.ddc.cluster;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Streams an incoming piece (a P2P request or response body) into the local store, checking that
 * its bytes hash to the expected CID before committing: a piece that does not match is never
 * stored. Runs on {@code context}; the stream is paused while each chunk is written, so at most one
 * chunk is held per transfer.
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

  static Future<PieceInfo> drain(
      Context context, ReadStream<Buffer> in, PieceStore store, long bucketId, Cid expected) {
    Promise<PieceInfo> done = Promise.promise();
    PieceWriter writer = store.newPiece(bucketId, expected.codec());
    Blake3 digest = new Blake3();
    long[] received = {0};
    in.pause();
    in.exceptionHandler(
        e -> {
          writer.abort();
          done.tryFail(e);
        });
    in.handler(
        buf -> {
          in.pause();
          byte[] bytes = buf.getBytes();
          digest.update(bytes, 0, bytes.length);
          received[0] += bytes.length;
          writer
              .write(ByteBuffer.wrap(bytes))
              .whenComplete(
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
        v -> {
          byte[] actual = digest.digest();
          if (!Arrays.equals(actual, expected.digest())) {
            writer.abort();
            done.tryFail(new DigestMismatch(expected, received[0]));
            return;
          }
          writer
              .commit()
              .whenComplete(
                  (info, e) ->
                      context.runOnContext(
                          x -> {
                            if (e != null) {
                              done.tryFail(e);
                            } else {
                              done.tryComplete(info);
                            }
                          }));
        });
    in.resume();
    return done.future();
  }
}
