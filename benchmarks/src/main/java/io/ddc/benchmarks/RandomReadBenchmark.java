package io.ddc.benchmarks;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
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
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * Random 4 KiB piece reads: the segment store vs RocksDB {@code get} on the same pieces, keyed by
 * the same 36-byte CIDs, one thread. {@code ddcStore}: open + verified read into a fresh direct
 * buffer + close through the async API (the read completes on a store I/O thread); {@code
 * ddcStoreCallerThread}: open + {@link PieceRegion#readFully} into the caller's buffer + close, all
 * on the calling thread; {@code rocksDb}: {@code get(key, value)} into the caller's array.
 *
 * <p>Run: {@code benchmarks/run.sh storage} (or {@code java -jar benchmarks/target/benchmarks.jar
 * RandomReadBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RandomReadBenchmark {

  @Param("20000")
  int pieces;

  @Param("4096")
  int pieceSize;

  Path dir;
  PieceStore store;
  RocksDB rocks;
  Options rocksOptions;
  Cid[] cids;
  byte[][] keys;
  ByteBuffer readBuffer;
  byte[] rocksValue;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = StoreFixtures.scratch("bench-random-read");
    store = StoreFixtures.open(dir.resolve("ddc"), StoreOptions.FsyncPolicy.GROUP_COMMIT);
    List<Cid> loaded = StoreFixtures.load(store, pieces, pieceSize);
    cids = loaded.toArray(Cid[]::new);
    keys = new byte[cids.length][];
    readBuffer = ByteBuffer.allocateDirect(pieceSize);
    rocksValue = new byte[pieceSize];
    RocksDB.loadLibrary();
    rocksOptions = new Options().setCreateIfMissing(true);
    rocks = RocksDB.open(rocksOptions, dir.resolve("rocksdb").toString());
    try (WriteOptions wo = new WriteOptions()) {
      for (int i = 0; i < cids.length; i++) {
        keys[i] = cids[i].toBytes();
        rocks.put(wo, keys[i], StoreFixtures.content(i, pieceSize));
      }
    }
    rocks.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    rocks.close();
    rocksOptions.close();
    StoreFixtures.delete(dir);
  }

  @Benchmark
  public ByteBuffer ddcStore() {
    Cid cid = cids[ThreadLocalRandom.current().nextInt(cids.length)];
    try (PieceRegion r = store.open(cid).join()) {
      return r.read(0, (int) r.size()).join();
    }
  }

  @Benchmark
  public ByteBuffer ddcStoreCallerThread() {
    Cid cid = cids[ThreadLocalRandom.current().nextInt(cids.length)];
    try (PieceRegion r = store.open(cid).join()) {
      r.readFully(0, readBuffer.clear().limit((int) r.size()));
      return readBuffer;
    }
  }

  @Benchmark
  public int rocksDb() throws Exception {
    int n = rocks.get(keys[ThreadLocalRandom.current().nextInt(keys.length)], rocksValue);
    if (n != pieceSize) {
      throw new IllegalStateException("RocksDB returned " + n + " bytes");
    }
    return n;
  }
}
