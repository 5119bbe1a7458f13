package io.ddc.benchmarks;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Random 64 KiB range reads from 128 MiB pieces: the segment store (leased region, CRC32C-verified
 * blocks) vs a plain {@code FileChannel} positional read of the same bytes from a plain file (no
 * checksum) into a reused direct buffer. {@code ddcStore} reads through the async API into a reused
 * direct buffer ({@link PieceRegion#read(long, java.nio.ByteBuffer)}), {@code ddcStoreFreshBuffer}
 * through the async API into a fresh direct buffer per read ({@link PieceRegion#read(long, int)});
 * {@code ddcStoreCallerThread} uses {@link PieceRegion#readFully} into a reused direct buffer on
 * the calling thread, like the baseline.
 *
 * <p>Run: {@code benchmarks/run.sh storage} (or {@code java -jar benchmarks/target/benchmarks.jar
 * RangeReadBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RangeReadBenchmark {

  @Param("134217728")
  int pieceSize;

  @Param("2")
  int pieces;

  @Param("65536")
  int rangeSize;

  Path dir;
  PieceStore store;
  PieceRegion[] regions;
  FileChannel plain;
  ByteBuffer plainBuffer;
  ByteBuffer storeBuffer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = StoreFixtures.scratch("bench-range-read");
    store = StoreFixtures.open(dir.resolve("ddc"), StoreOptions.FsyncPolicy.GROUP_COMMIT);
    regions = new PieceRegion[pieces];
    plain =
        FileChannel.open(
            dir.resolve("plain.bin"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    int chunk = 1 << 20;
    long plainPos = 0;
    for (int p = 0; p < pieces; p++) {
      PieceWriter w = store.newPiece(1, Cid.Codec.RAW);
      for (int off = 0; off < pieceSize; off += chunk) {
        byte[] bytes = StoreFixtures.content(p * 100_000L + off, Math.min(chunk, pieceSize - off));
        w.write(ByteBuffer.wrap(bytes)).join();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          plainPos += plain.write(b, plainPos);
        }
      }
      regions[p] = store.open(w.commit().join().cid()).join();
    }
    plain.force(true);
    plainBuffer = ByteBuffer.allocateDirect(rangeSize);
    storeBuffer = ByteBuffer.allocateDirect(rangeSize);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (PieceRegion r : regions) {
      r.close();
    }
    store.close();
    plain.close();
    StoreFixtures.delete(dir);
  }

  @Benchmark
  public ByteBuffer ddcStore() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    PieceRegion r = regions[rnd.nextInt(regions.length)];
    storeBuffer.clear();
    return r.read(rnd.nextLong(pieceSize - rangeSize), storeBuffer).join().flip();
  }

  @Benchmark
  public ByteBuffer ddcStoreFreshBuffer() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    PieceRegion r = regions[rnd.nextInt(regions.length)];
    return r.read(rnd.nextLong(pieceSize - rangeSize), rangeSize).join();
  }

  @Benchmark
  public ByteBuffer ddcStoreCallerThread() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    PieceRegion r = regions[rnd.nextInt(regions.length)];
    storeBuffer.clear();
    r.readFully(rnd.nextLong(pieceSize - rangeSize), storeBuffer);
    return storeBuffer.flip();
  }

  @Benchmark
  public ByteBuffer fileChannel() throws IOException {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    long base = (long) rnd.nextInt(pieces) * pieceSize;
    long pos = base + rnd.nextLong(pieceSize - rangeSize);
    plainBuffer.clear();
    while (plainBuffer.hasRemaining()) {
      pos += plain.read(plainBuffer, pos);
    }
    return plainBuffer.flip();
  }
}
