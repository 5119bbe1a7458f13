package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.CorruptionListener.Corruption;
import io.ddc.storage.CorruptionListener.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentPieceStoreTest extends PieceStoreContract {

  @TempDir Path tmp;
  private int stores;
  final List<Corruption> reports = new CopyOnWriteArrayList<>();

  static StoreOptions small() {
    return new StoreOptions().segmentSize(1 << 20).indexEntries(10_000).minFreeDiskBytes(0);
  }

  @Override
  protected PieceStore newStore(StoreOptions options) {
    return SegmentPieceStore.open(
        tmp.resolve("store-" + stores++),
        options.indexEntries(10_000),
        reports::add,
        Clock.systemUTC());
  }

  private SegmentPieceStore reopen(Path dir) {
    return SegmentPieceStore.open(dir, small(), reports::add, Clock.systemUTC());
  }

  private static void flipBits(Path file, long at, int mask) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, at);
      one.put(0, (byte) (one.get(0) ^ mask)).rewind();
      ch.write(one, at);
    }
  }

  private List<Kind> kinds() {
    return reports.stream().map(Corruption::kind).toList();
  }

  private static Path lastSegment(Path dir) throws IOException {
    try (var s = Files.list(dir.resolve("segments"))) {
      return s.sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  @Test
  void aNewStoreReportsNothing() {
    try (SegmentPieceStore s = reopen(tmp.resolve("new"))) {
      assertThat(reports).isEmpty();
      assertThat(s.stats().segments()).isEqualTo(1);
    }
  }

  @Test
  void piecesAndRecordsSurviveACleanRestartWithAnEmptyReport() {
    Path dir = tmp.resolve("restart");
    List<PieceInfo> infos = new ArrayList<>();
    try (SegmentPieceStore s = reopen(dir)) {
      for (int i = 0; i < 12; i++) {
        infos.add(put(s, 1, random(i, 150_000), 40_000));
      }
      await(s.putRecord(1, "dag", new byte[] {1}, new byte[] {42}));
      await(s.delete(infos.get(0).cid()));
      assertThat(s.stats().segments()).isGreaterThan(1);
    }
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(reports).isEmpty();
      assertThat(await(s.stat(infos.get(0).cid()))).isEmpty();
      for (int i = 1; i < 12; i++) {
        assertThat(get(s, infos.get(i).cid())).isEqualTo(random(i, 150_000));
        assertThat(await(s.stat(infos.get(i).cid()))).contains(infos.get(i));
      }
      assertThat(await(s.getRecord(1, "dag", new byte[] {1})).orElseThrow()).containsExactly(42);
      assertThat(s.stats().pieces()).isEqualTo(11);
    }
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheSegments() throws IOException {
    Path dir = tmp.resolve("rebuild");
    List<PieceInfo> infos = new ArrayList<>();
    try (SegmentPieceStore s = reopen(dir)) {
      for (int i = 0; i < 8; i++) {
        infos.add(put(s, 2, random(10 + i, 200_000), 65_536));
      }
      await(s.delete(infos.get(3).cid()));
      await(s.putRecord(2, "cns", new byte[] {7}, new byte[] {1}));
      await(s.putRecord(2, "cns", new byte[] {7}, new byte[] {2}));
    }
    try (var files = Files.list(dir.resolve("index"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(kinds()).contains(Kind.INDEX_REBUILT).doesNotContain(Kind.BAD_CHECKSUM);
      assertThat(await(s.stat(infos.get(3).cid()))).isEmpty();
      for (int i = 0; i < 8; i++) {
        if (i != 3) {
          assertThat(get(s, infos.get(i).cid())).isEqualTo(random(10 + i, 200_000));
        }
      }
      assertThat(await(s.getRecord(2, "cns", new byte[] {7})).orElseThrow()).containsExactly(2);
    }
  }

  /** A closed store with one 5000-byte piece, and bytes appended to its segment after it. */
  private record Tail(PieceInfo kept, Path segment, long sizeBefore) {}

  private Tail onePieceThenAppend(Path dir, long seed, ByteBuffer... tail) throws IOException {
    PieceInfo kept;
    try (SegmentPieceStore s = reopen(dir)) {
      kept = put(s, 1, random(seed, 5000), 5000);
    }
    Path seg = lastSegment(dir);
    long before = Files.size(seg);
    try (FileChannel ch =
        FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(tail);
    }
    reports.clear();
    return new Tail(kept, seg, before);
  }

  @Test
  void aTornTailIsReportedAndCut() throws IOException {
    // half a record: a valid header announcing more payload than follows
    RecordFormat.Header h = new RecordFormat.Header(RecordFormat.PIECE, 1, 10_000, 0, new byte[36]);
    Tail t =
        onePieceThenAppend(
            tmp.resolve("torn"),
            20,
            RecordFormat.encodeHeader(h),
            ByteBuffer.wrap(random(21, 3000)));
    try (SegmentPieceStore s = reopen(tmp.resolve("torn"))) {
      assertThat(kinds()).containsExactly(Kind.TORN_TAIL);
      assertThat(Files.size(t.segment())).isEqualTo(t.sizeBefore());
      assertThat(get(s, t.kept().cid())).isEqualTo(random(20, 5000));
      PieceInfo next = put(s, 1, random(22, 7000), 7000);
      assertThat(get(s, next.cid())).isEqualTo(random(22, 7000));
    }
  }

  @Test
  void aLargePieceIsWrittenPayloadFirstAndItsDuplicateLeavesNoBytes() throws IOException {
    Path dir = tmp.resolve("payload-first");
    byte[] content = random(30, 3 << 20);
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            dir, small().segmentSize(64 << 20), reports::add, Clock.systemUTC())) {
      PieceInfo first = put(s, 1, content, content.length);
      long disk = s.stats().diskBytes();
      PieceInfo again = put(s, 1, content, content.length);
      assertThat(again.cid()).isEqualTo(first.cid());
      assertThat(s.stats().diskBytes()).isEqualTo(disk);
      assertThat(Files.size(lastSegment(dir))).isEqualTo(disk);
      for (int i = 0; i < 4; i++) {
        put(s, 1, random(31 + i, 1 << 20), 1 << 20);
      }
      // A 1-3 MiB hash takes milliseconds of CPU: the writer takes the piece before its CID.
      assertThat(s.payloadFirstAppends.get()).isPositive();
      assertThat(get(s, first.cid())).isEqualTo(content);
      assertThat(Files.size(lastSegment(dir))).isEqualTo(s.stats().diskBytes());
    }
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(reports).isEmpty();
      assertThat(get(s, Cid.of(Cid.Codec.RAW, io.ddc.crypto.Blake3.hash(content))))
          .isEqualTo(content);
    }
  }

  @Test
  void aPayloadFirstAppendStartsItsWritebackWhileTheHashRuns() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        WriteBehind.available() && PageCacheReads.available(), "sync_file_range via FFM");
    Path dir = tmp.resolve("write-behind");
    byte[] content = random(32, 1 << 20);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            dir, small().segmentSize(8 << 20).ioThreads(1), reports::add, Clock.systemUTC())) {
      // Hold the only hashing thread so that the writer takes the piece before its CID.
      CompletableFuture<Void> blocker =
          CompletableFuture.runAsync(
              () -> {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              s.hashExecutor());
      PieceWriter w = s.newPiece(1, Cid.Codec.RAW);
      await(w.write(ByteBuffer.wrap(content)));
      CompletableFuture<PieceInfo> commit = w.commit();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (s.writebacksStarted.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(commit).isNotDone();
      assertThat(s.writebacksStarted.get()).isEqualTo(1);
      release.countDown();
      blocker.get(10, java.util.concurrent.TimeUnit.SECONDS);
      PieceInfo info = commit.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(s.payloadFirstAppends.get()).isEqualTo(1);
      assertThat(get(s, info.cid())).isEqualTo(content);
    }
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(reports).isEmpty();
      assertThat(get(s, Cid.of(Cid.Codec.RAW, io.ddc.crypto.Blake3.hash(content))))
          .isEqualTo(content);
    }
  }

  @Test
  void syncedAppendsLeaveThePageCacheOnceOlderThanTheWriteCache() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        WriteBehind.releaseAvailable() && PageCacheReads.available(), "posix_fadvise via FFM");
    byte[] content = random(33, 1 << 20);
    // keep nothing: dropped once synced; keep everything: still cached
    for (long keep : new long[] {0, StoreOptions.KEEP_ALL_WRITES_CACHED}) {
      try (SegmentPieceStore s = writeCacheStore("keep-" + keep, keep)) {
        PieceInfo info = put(s, 1, content, 64 << 10); // acknowledged: synced
        boolean dropped = keep == 0;
        assertThat(cached(s, info.cid())).as("payload cached, keep " + keep).isEqualTo(!dropped);
        assertThat(s.bytesReleased.get() >= content.length).isEqualTo(dropped);
        assertThat(get(s, info.cid())).as("read back").isEqualTo(content);
      }
    }
    // keep 4 MiB: the first piece leaves the cache once 4 MiB more were written after it
    try (SegmentPieceStore s = writeCacheStore("keep-window", 4 << 20)) {
      PieceInfo first = put(s, 1, content, 64 << 10);
      assertThat(cached(s, first.cid())).as("within the window").isTrue();
      PieceInfo last = null;
      for (int i = 0; i < 6; i++) {
        last = put(s, 1, random(100 + i, 1 << 20), 64 << 10);
      }
      assertThat(cached(s, first.cid())).as("older than the window").isFalse();
      assertThat(cached(s, last.cid())).as("the newest piece").isTrue();
      assertThat(get(s, first.cid())).isEqualTo(content);
    }
    assertThat(reports).isEmpty();
  }

  private SegmentPieceStore writeCacheStore(String name, long keep) {
    return SegmentPieceStore.open(
        tmp.resolve(name),
        small().segmentSize(64 << 20).writeCacheBytes(keep),
        reports::add,
        Clock.systemUTC());
  }

  /** Whether 64 KiB from the middle of piece {@code cid} are in the page cache. */
  private static boolean cached(SegmentPieceStore s, Cid cid) {
    try (PieceRegion r = await(s.open(cid))) {
      return PageCacheReads.readCached(
          PageCacheReads.descriptor(r.channel()),
          ByteBuffer.allocateDirect(64 << 10),
          r.fileOffset() + r.size() / 2);
    }
  }

  @Test
  void aPayloadWrittenAheadOfItsHeaderIsATornTail() throws IOException {
    // What a crash leaves after the payload-first sync: a zeroed header, payload and table.
    byte[] payload = random(41, 300_000);
    RecordFormat.BlockChecksums table = new RecordFormat.BlockChecksums();
    table.update(ByteBuffer.wrap(payload));
    Path dir = tmp.resolve("payload-first-torn");
    Tail t =
        onePieceThenAppend(
            dir,
            40,
            ByteBuffer.allocate(RecordFormat.FIXED_HEADER + Cid.BINARY_LENGTH),
            ByteBuffer.wrap(payload),
            table.finish());
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(kinds()).containsExactly(Kind.TORN_TAIL);
      assertThat(Files.size(t.segment())).isEqualTo(t.sizeBefore());
      assertThat(get(s, t.kept().cid())).isEqualTo(random(40, 5000));
      assertThat(await(s.stat(Cid.of(Cid.Codec.RAW, io.ddc.crypto.Blake3.hash(payload)))))
          .isEmpty();
    }
  }

  @Test
  void aTruncatedSegmentLosesOnlyTheCutRecord() throws IOException {
    Path dir = tmp.resolve("truncated");
    PieceInfo a;
    PieceInfo b;
    try (SegmentPieceStore s = reopen(dir)) {
      a = put(s, 1, random(30, 4000), 4000);
      b = put(s, 1, random(31, 4000), 4000);
    }
    Path seg = lastSegment(dir);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 100);
    }
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(kinds()).contains(Kind.TORN_TAIL);
      assertThat(get(s, a.cid())).isEqualTo(random(30, 4000));
      assertThat(await(s.stat(b.cid()))).isEmpty();
      assertThatThrownBy(() -> await(s.open(b.cid()))).isInstanceOf(PieceNotFoundException.class);
    }
  }

  @Test
  void aFlippedPayloadByteIsDetectedAndNeverServed() throws IOException {
    Path dir = tmp.resolve("flip");
    PieceInfo a;
    PieceInfo b;
    long fileOffset;
    try (SegmentPieceStore s = reopen(dir)) {
      a = put(s, 1, random(40, 200_000), 65_536);
      b = put(s, 1, random(41, 1000), 1000);
      try (PieceRegion r = await(s.open(a.cid()))) {
        fileOffset = r.fileOffset();
      }
    }
    flipBits(lastSegment(dir), fileOffset + 70_000, 0x10);
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      try (PieceRegion r = await(s.open(a.cid()))) {
        // the first block is intact and may be served; the damaged second block may not
        assertThat(bytes(await(r.read(0, 1000))))
            .isEqualTo(java.util.Arrays.copyOf(random(40, 200_000), 1000));
        assertThatThrownBy(() -> await(r.read(65_000, 10_000)))
            .isInstanceOf(CorruptPieceException.class)
            .hasMessageContaining("block 1");
        ByteBuffer dst = ByteBuffer.allocate(10_000);
        assertThatThrownBy(() -> r.readFully(65_000, dst))
            .isInstanceOf(CorruptPieceException.class)
            .hasMessageContaining("block 1");
        // the blocks of one positional read are all checked before any byte is copied out
        assertThat(dst.position()).isZero();
        ByteBuffer ok = ByteBuffer.allocate(65_536);
        r.readFully(0, ok);
        assertThat(ok.array()).isEqualTo(java.util.Arrays.copyOf(random(40, 200_000), 65_536));
        // Read straight into a direct buffer: it keeps only the checked first block's bytes.
        ByteBuffer direct = ByteBuffer.allocateDirect(130_000);
        direct.position(10);
        assertThatThrownBy(() -> await(r.read(10_000, direct)))
            .isInstanceOf(CorruptPieceException.class)
            .hasMessageContaining("block 1");
        assertThat(direct.position()).isEqualTo(10 + 65_536 - 10_000);
        byte[] kept = new byte[65_536 - 10_000];
        direct.get(10, kept);
        assertThat(kept)
            .isEqualTo(java.util.Arrays.copyOfRange(random(40, 200_000), 10_000, 65_536));
        byte[] rest = new byte[direct.remaining()];
        direct.get(direct.position(), rest);
        assertThat(rest).containsOnly((byte) 0);
      }
      assertThat(kinds()).containsExactly(Kind.BAD_CHECKSUM, Kind.BAD_CHECKSUM, Kind.BAD_CHECKSUM);
      assertThat(s.stats().corruptionsDetected()).isEqualTo(3);
      assertThat(get(s, b.cid())).isEqualTo(random(41, 1000));
    }
    // a rebuild reports the bad record and does not index it
    try (var files = Files.list(dir.resolve("index"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(kinds()).contains(Kind.INDEX_REBUILT, Kind.BAD_CHECKSUM);
      assertThat(await(s.stat(a.cid()))).isEmpty();
      assertThat(get(s, b.cid())).isEqualTo(random(41, 1000));
    }
  }

  @Test
  void aFlippedByteOfASmallPieceOrOfABlockTableIsNeverServed() throws IOException {
    Path dir = tmp.resolve("flip-small");
    SegmentPieceStore writing = reopen(dir);
    PieceInfo small = put(writing, 1, random(42, 4096), 4096);
    PieceInfo large = put(writing, 1, random(43, 300_000), 65_536);
    PieceRegion smallRegion = await(writing.open(small.cid()));
    PieceRegion largeRegion = await(writing.open(large.cid()));
    long[] flips = {
      smallRegion.fileOffset() + 4095, largeRegion.fileOffset() + largeRegion.size() + 9
    };
    smallRegion.close();
    largeRegion.close();
    writing.close();
    for (long at : flips) {
      flipBits(lastSegment(dir), at, 0x01);
    }
    reports.clear();
    try (SegmentPieceStore s = reopen(dir)) {
      try (PieceRegion r = await(s.open(small.cid()));
          PieceRegion q = await(s.open(large.cid()))) {
        assertThatThrownBy(() -> r.readFully(0, ByteBuffer.allocate(10)))
            .isInstanceOf(CorruptPieceException.class);
        assertThatThrownBy(() -> await(r.read(4000, 96))).isInstanceOf(CorruptPieceException.class);
        assertThatThrownBy(() -> q.readFully(0, ByteBuffer.allocate(10)))
            .isInstanceOf(CorruptPieceException.class)
            .hasMessageContaining("block table");
      }
      assertThat(kinds()).containsOnly(Kind.BAD_CHECKSUM).hasSize(3);
    }
  }

  @Test
  void statAndOpenCompleteOnTheCallersThread() {
    PieceStore s = store();
    PieceInfo info = put(s, 1, random(44, 5000), 5000);
    CompletableFuture<PieceRegion> opened = s.open(info.cid());
    assertThat(opened).isDone();
    opened.join().close();
    assertThat(s.stat(info.cid())).isDone();
    assertThat(s.open(Cid.compute(Cid.Codec.RAW, new byte[] {1}))).isCompletedExceptionally();
  }

  @Test
  void smallReadsOfCachedBytesCompleteOnTheCallersThread() {
    org.junit.jupiter.api.Assumptions.assumeTrue(PageCacheReads.available(), "needs preadv2");
    PieceStore s = store(new StoreOptions().writeCacheBytes(StoreOptions.KEEP_ALL_WRITES_CACHED));
    byte[] one = random(45, 5000);
    byte[] many = random(46, 300_000);
    PieceInfo a = put(s, 1, one, 5000);
    PieceInfo b = put(s, 1, many, 300_000);
    try (PieceRegion r = await(s.open(a.cid()));
        PieceRegion q = await(s.open(b.cid()))) {
      // Just written and kept cached, so served before read returns.
      CompletableFuture<ByteBuffer> small = r.read(100, 4000);
      assertThat(small).isDone();
      assertThat(bytes(small.join())).isEqualTo(java.util.Arrays.copyOfRange(one, 100, 4100));
      CompletableFuture<ByteBuffer> range = q.read(60_000, 65_536);
      assertThat(range).isDone();
      assertThat(bytes(range.join()))
          .isEqualTo(java.util.Arrays.copyOfRange(many, 60_000, 60_000 + 65_536));
      // Above the limit: an I/O thread, same bytes.
      assertThat(bytes(await(q.read(1, 250_000))))
          .isEqualTo(java.util.Arrays.copyOfRange(many, 1, 250_001));
    }
    PieceStore off = store(new StoreOptions().inlineReadMaxBytes(0));
    PieceInfo c = put(off, 1, one, 5000);
    try (PieceRegion r = await(off.open(c.cid()))) {
      assertThat(bytes(await(r.read(0, 5000)))).isEqualTo(one);
    }
  }

  @Test
  void compactionReclaimsDeletedSpaceWhileLeasedReadersGoOn() {
    Path dir = tmp.resolve("compact");
    try (SegmentPieceStore s = reopen(dir)) {
      List<PieceInfo> infos = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        infos.add(put(s, 1, random(50 + i, 120_000), 60_000));
      }
      PieceRegion leased = await(s.open(infos.get(1).cid()));
      for (int i = 0; i < 20; i += 2) {
        await(s.delete(infos.get(i).cid()));
      }
      long diskBefore = s.stats().diskBytes();
      int segmentsBefore = s.stats().segments();
      assertThat(s.compactAll()).isPositive();
      assertThat(s.stats().diskBytes()).isLessThan(diskBefore);
      assertThat(s.stats().compactions()).isPositive();
      assertThat(s.stats().segments()).isLessThanOrEqualTo(segmentsBefore);
      // the leased region's file is still there and readable
      assertThat(Files.exists(leased.file())).isTrue();
      assertThat(bytes(await(leased.read(0, 120_000)))).isEqualTo(random(51, 120_000));
      Path oldFile = leased.file();
      leased.close();
      if (!oldFile.equals(s.segments.lastEntry().getValue().path)) {
        assertThat(Files.exists(oldFile)).isFalse();
      }
      for (int i = 1; i < 20; i += 2) {
        assertThat(get(s, infos.get(i).cid())).isEqualTo(random(50 + i, 120_000));
      }
    }
    // deleted pieces stay deleted after a restart and after a rebuild
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(await(s.list(1))).hasSize(10);
    }
  }

  @Test
  void compactedTombstonesKeepDeletedPiecesDeletedAcrossRebuilds() throws IOException {
    Path dir = tmp.resolve("tombstones");
    Cid gone;
    try (SegmentPieceStore s = reopen(dir)) {
      gone = put(s, 1, random(60, 600_000), 100_000).cid();
      for (int i = 0; i < 3; i++) {
        put(s, 1, random(61 + i, 600_000), 100_000);
      }
      await(s.delete(gone));
      for (int i = 0; i < 3; i++) {
        put(s, 1, random(70 + i, 600_000), 100_000);
      }
      s.compactAll();
    }
    try (var files = Files.list(dir.resolve("index"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    try (SegmentPieceStore s = reopen(dir)) {
      assertThat(await(s.stat(gone))).isEmpty();
      assertThat(await(s.list(1))).hasSize(6);
    }
  }

  @Test
  void deletingAndCompactingMakesRoomInAFullStore() {
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            tmp.resolve("full"),
            small().capacityBytes(1 << 20).segmentSize(256 << 10),
            reports::add,
            Clock.systemUTC())) {
      List<PieceInfo> infos = new ArrayList<>();
      int i = 0;
      while (true) {
        try {
          infos.add(put(s, 1, random(80 + i, 200_000), 50_000));
          i++;
        } catch (CapacityExceededException e) {
          break;
        }
      }
      assertThat(infos).hasSizeGreaterThanOrEqualTo(4);
      assertThatThrownBy(() -> put(s, 1, random(90, 200_000), 50_000))
          .isInstanceOf(CapacityExceededException.class);
      await(s.delete(infos.get(0).cid()));
      await(s.delete(infos.get(1).cid()));
      s.compactAll();
      PieceInfo next = put(s, 1, random(90, 200_000), 50_000);
      assertThat(get(s, next.cid())).isEqualTo(random(90, 200_000));
      assertThat(s.healthy()).isTrue();
    }
  }

  @Test
  void piecesInManySmallChunksHashInBatchesAcrossGrowthAndSpill() throws IOException {
    // 4 MiB of memory staging: 3 MiB in 10 000-byte chunks grows the staging buffer six times and
    // queues a hash every 256 KiB; with 1 MiB the piece spills after four batches.
    for (int staging : new int[] {4 << 20, 1 << 20}) {
      try (SegmentPieceStore s =
          SegmentPieceStore.open(
              tmp.resolve("batches-" + staging),
              small().stagingMemoryBytes(staging).segmentSize(8 << 20),
              reports::add,
              Clock.systemUTC())) {
        for (int length :
            new int[] {
              StagedPieceWriter.HASH_BATCH - 1,
              StagedPieceWriter.HASH_BATCH,
              StagedPieceWriter.HASH_BATCH + 1,
              3 << 20
            }) {
          byte[] content = random(length, length);
          PieceInfo info = put(s, 9, content, 10_000);
          assertThat(info.cid())
              .as("%d bytes", length)
              .isEqualTo(Cid.compute(Cid.Codec.RAW, content));
          try (PieceRegion r = await(s.open(info.cid()))) {
            assertThat(bytes(await(r.read(0, content.length)))).isEqualTo(content);
          }
        }
      }
    }
  }

  /** Writes {@code content} in chunks whose sizes cycle through {@code pattern}, and commits. */
  private static PieceInfo put(PieceStore s, long bucket, byte[] content, int[] pattern) {
    PieceWriter w = s.newPiece(bucket, Cid.Codec.RAW);
    int k = 0;
    for (int i = 0; i < content.length; ) {
      int n = Math.min(pattern[k++ % pattern.length], content.length - i);
      await(w.write(ByteBuffer.wrap(content, i, n)));
      i += n;
    }
    return await(w.commit());
  }

  @Test
  void chunksOfNetworkSizeAreHashedOnTheCallersThreadAndLargerOnesByTasks() throws IOException {
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            tmp.resolve("inline-hash"),
            small().segmentSize(8 << 20),
            reports::add,
            Clock.systemUTC())) {
      byte[] streamed = random(60, 1 << 20);
      PieceInfo info = put(s, 1, streamed, 16_384);
      assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, streamed));
      assertThat(s.hashTasks.get()).as("16 KiB chunks").isZero();

      byte[] whole = random(61, 1 << 20);
      info = put(s, 1, whole, whole.length);
      assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, whole));
      assertThat(s.hashTasks.get()).as("one 1 MiB chunk").isPositive();

      // small chunks behind a large one meet its queued hash, then go inline again once it is done
      for (int[] pattern : new int[][] {{300_000, 10_000}, {70_000, 1, 65_536, 65_537, 5_000}}) {
        byte[] mixed = random(pattern[0], 2_500_000);
        info = put(s, 1, mixed, pattern);
        assertThat(info.cid())
            .as("chunks %s", java.util.Arrays.toString(pattern))
            .isEqualTo(Cid.compute(Cid.Codec.RAW, mixed));
        try (PieceRegion r = await(s.open(info.cid()))) {
          assertThat(bytes(await(r.read(0, mixed.length)))).isEqualTo(mixed);
        }
      }
    }
  }

  @Test
  void aSizeHintSizesTheStagingSoThatAStreamedPieceIsNotCopiedAgain() throws IOException {
    int length = 3 << 20;
    byte[] content = random(62, length);
    Cid cid = Cid.compute(Cid.Codec.RAW, content);
    // right, none, too small, too large, far beyond the staging limit: the same piece every time
    long[] hints = {length, 0, -5, 1, length / 2, 2L * length, 1L << 50};
    for (long hint : hints) {
      try (SegmentPieceStore s =
          SegmentPieceStore.open(
              tmp.resolve("hint-" + (hint & 0xffffffffL)),
              small().stagingMemoryBytes(4 << 20).segmentSize(8 << 20),
              reports::add,
              Clock.systemUTC())) {
        PieceWriter w = s.newPiece(1, Cid.Codec.RAW, hint);
        for (int off = 0; off < length; off += 16_384) {
          await(w.write(ByteBuffer.wrap(content, off, Math.min(16_384, length - off))));
        }
        PieceInfo info = await(w.commit());
        assertThat(info.cid()).as("hint %d", hint).isEqualTo(cid);
        assertThat(get(s, cid)).isEqualTo(content);
        boolean sized = hint >= length;
        assertThat(s.stagingRecopied.get() == 0)
            .as("hint %d: not copied again", hint)
            .isEqualTo(sized);
      }
    }
  }

  @Test
  void theFirstStagingBufferIsTheHintRoundedUpToAPowerOfTwoWithinTheLimit() {
    int limit = 4 << 20;
    assertThat(StagedPieceWriter.initial(0, limit)).isEqualTo(64 << 10);
    assertThat(StagedPieceWriter.initial(-1, limit)).isEqualTo(64 << 10);
    assertThat(StagedPieceWriter.initial(4096, limit)).isEqualTo(64 << 10);
    assertThat(StagedPieceWriter.initial((64 << 10) + 1, limit)).isEqualTo(128 << 10);
    assertThat(StagedPieceWriter.initial(1 << 20, limit)).isEqualTo(1 << 20);
    assertThat(StagedPieceWriter.initial((1 << 20) + 1, limit)).isEqualTo(2 << 20);
    assertThat(StagedPieceWriter.initial(3 << 20, limit)).isEqualTo(limit);
    assertThat(StagedPieceWriter.initial(3 << 20, 3 << 20)).isEqualTo(3 << 20);
    assertThat(StagedPieceWriter.initial(Long.MAX_VALUE, limit)).isEqualTo(limit);
  }

  @Test
  void aLargePieceSpillsToStagingAndReadsBackInRanges() throws IOException {
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            tmp.resolve("large"),
            small().stagingMemoryBytes(256 << 10).segmentSize(4 << 20),
            reports::add,
            Clock.systemUTC())) {
      byte[] content = random(100, 3 << 20);
      PieceInfo info = put(s, 9, content, 100_000);
      assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
      try (PieceRegion r = await(s.open(info.cid()))) {
        for (long off : new long[] {0, 65_535, 1_000_000, (3 << 20) - 65_536}) {
          assertThat(bytes(await(r.read(off, 65_536))))
              .isEqualTo(java.util.Arrays.copyOfRange(content, (int) off, (int) off + 65_536));
        }
        // more blocks than one positional read covers
        assertThat(bytes(await(r.read(0, content.length)))).isEqualTo(content);
        ByteBuffer big = ByteBuffer.allocateDirect(1_500_000);
        r.readFully(70_001, big);
        assertThat(bytes(big.flip()))
            .isEqualTo(java.util.Arrays.copyOfRange(content, 70_001, 70_001 + 1_500_000));
      }
      try (var staged = Files.list(tmp.resolve("large").resolve("staging"))) {
        assertThat(staged).isEmpty();
      }
    }
  }

  @Test
  void everyFsyncPolicyKeepsPiecesAcrossARestart() {
    for (StoreOptions.FsyncPolicy policy : StoreOptions.FsyncPolicy.values()) {
      Path dir = tmp.resolve("policy-" + policy);
      List<PieceInfo> infos = new ArrayList<>();
      try (SegmentPieceStore s =
          SegmentPieceStore.open(
              dir, small().fsyncPolicy(policy), reports::add, Clock.systemUTC())) {
        List<java.util.concurrent.CompletableFuture<PieceInfo>> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          byte[] b = random(130 + i, 10_000);
          PieceWriter w = s.newPiece(1, Cid.Codec.RAW);
          inFlight.add(w.write(ByteBuffer.wrap(b)).thenCompose(v -> w.commit()));
        }
        inFlight.forEach(f -> infos.add(await(f)));
      }
      try (SegmentPieceStore s = reopen(dir)) {
        for (int i = 0; i < 8; i++) {
          assertThat(get(s, infos.get(i).cid()))
              .as("%s", policy)
              .isEqualTo(random(130 + i, 10_000));
        }
      }
    }
    assertThat(reports).isEmpty();
  }

  @Test
  void aWriteThatWouldFillTheDiskIsRefused() {
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            tmp.resolve("disk"),
            small().minFreeDiskBytes(Long.MAX_VALUE / 4),
            reports::add,
            Clock.systemUTC())) {
      assertThatThrownBy(() -> put(s, 1, random(110, 1000), 1000))
          .isInstanceOf(CapacityExceededException.class)
          .hasMessageContaining("disk full");
      assertThat(s.healthy()).isTrue();
      assertThat(await(s.list(1))).isEmpty();
    }
  }

  @Test
  void backgroundCompactionRunsWhenASegmentIsMostlyGarbage() throws InterruptedException {
    try (SegmentPieceStore s =
        SegmentPieceStore.open(
            tmp.resolve("background"),
            small().compactionInterval(java.time.Duration.ofMillis(50)),
            reports::add,
            Clock.systemUTC())) {
      List<PieceInfo> infos = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        infos.add(put(s, 1, random(120 + i, 200_000), 100_000));
      }
      for (int i = 0; i < 10; i++) {
        await(s.delete(infos.get(i).cid()));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (s.stats().compactions() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.stats().compactions()).isPositive();
      for (int i = 10; i < 12; i++) {
        assertThat(get(s, infos.get(i).cid())).isEqualTo(random(120 + i, 200_000));
      }
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() {
    Path dir = tmp.resolve("locked");
    try (SegmentPieceStore s = reopen(dir)) {
      assertThatThrownBy(() -> reopen(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use");
    }
  }
}
