package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.StoreOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incoming piece is checked with the store's own digest: one hash per copy. */
class PieceIntakeTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + seed);
    }
    return b;
  }

  @Test
  void anAnnouncedLengthIsAHintOnlyWhenItIsAPositiveDecimalNumber() {
    assertThat(PieceIntake.sizeHint("1048576")).isEqualTo(1048576);
    assertThat(PieceIntake.sizeHint("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    for (String bad :
        new String[] {null, "", "0", "-5", "+5", "1e6", "12 ", "0x10", "9999999999999999999"}) {
      assertThat(PieceIntake.sizeHint(bad)).as("'%s'", bad).isZero();
    }
  }

  @Test
  void storesBytesThatHashToTheExpectedCid(@TempDir Path dir) throws Exception {
    byte[] data = bytes(300_000, 1);
    Cid cid = Cid.compute(Cid.Codec.RAW, data);
    try (PieceStore store = PieceStore.openOrRecover(dir, new StoreOptions(), c -> {})) {
      Context ctx = vertx.getOrCreateContext();
      PieceInfo info =
          on(
              ctx,
              () ->
                  chunks(data)
                      .compose(in -> PieceIntake.drain(ctx, in, store, 4, cid, data.length)));
      assertThat(info.cid()).isEqualTo(cid);
      assertThat(info.bucketId()).isEqualTo(4);
      assertThat(store.stat(cid).get(10, TimeUnit.SECONDS)).isPresent();
    }
  }

  @Test
  void withoutAnExpectedCidStoresUnderTheComputedOne(@TempDir Path dir) throws Exception {
    byte[] data = bytes(70_000, 2);
    try (PieceStore store = PieceStore.openOrRecover(dir, new StoreOptions(), c -> {})) {
      Context ctx = vertx.getOrCreateContext();
      PieceInfo info =
          on(ctx, () -> chunks(data).compose(in -> PieceIntake.drain(ctx, in, store, 1, null, 1)));
      assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, data));
    }
  }

  @Test
  void bytesOfAnotherCidAreRemovedAgainAndFailTheTransfer(@TempDir Path dir) throws Exception {
    byte[] data = bytes(200_000, 3);
    byte[] corrupt = data.clone();
    corrupt[12345] ^= 1;
    Cid cid = Cid.compute(Cid.Codec.RAW, data);
    Cid actual = Cid.compute(Cid.Codec.RAW, corrupt);
    try (PieceStore store = PieceStore.openOrRecover(dir, new StoreOptions(), c -> {})) {
      Context ctx = vertx.getOrCreateContext();
      assertThatThrownBy(
              () ->
                  on(
                      ctx,
                      () ->
                          chunks(corrupt)
                              .compose(in -> PieceIntake.drain(ctx, in, store, 1, cid, 1L << 40))))
          .hasCauseInstanceOf(PieceIntake.DigestMismatch.class);
      assertThat(store.stat(cid).get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(store.stat(actual).get(10, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void aPieceStoredBeforeTheTransferIsNeverDeletedByIt(@TempDir Path dir) throws Exception {
    byte[] other = bytes(50_000, 4);
    Cid otherCid = Cid.compute(Cid.Codec.RAW, other);
    Cid expected = Cid.compute(Cid.Codec.RAW, bytes(50_000, 5));
    try (PieceStore store = PieceStore.openOrRecover(dir, new StoreOptions(), c -> {})) {
      var w = store.newPiece(1, Cid.Codec.RAW);
      w.write(ByteBuffer.wrap(other)).get(10, TimeUnit.SECONDS);
      w.commit().get(10, TimeUnit.SECONDS);
      Thread.sleep(5); // the transfer starts in a later millisecond than the commit
      Context ctx = vertx.getOrCreateContext();
      assertThatThrownBy(
              () ->
                  on(
                      ctx,
                      () ->
                          chunks(other)
                              .compose(in -> PieceIntake.drain(ctx, in, store, 1, expected, 0))))
          .hasCauseInstanceOf(PieceIntake.DigestMismatch.class);
      assertThat(store.stat(otherCid).get(10, TimeUnit.SECONDS)).isPresent();
    }
  }

  private static <T> T on(Context ctx, Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    try {
      return p.future().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new Exception(e);
    }
  }

  /** {@code data} read back from a file in 64 KiB buffers: a real paused-and-resumed stream. */
  private Future<ReadStream<Buffer>> chunks(byte[] data) {
    try {
      Path f = Files.createTempFile("intake", ".bin");
      Files.write(f, data);
      f.toFile().deleteOnExit();
      return vertx
          .fileSystem()
          .open(f.toString(), new OpenOptions().setRead(true))
          .map(file -> file.setReadBufferSize(65_536));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
