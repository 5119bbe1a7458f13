package io.ddc.benchmarks;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Sequential 1 MiB piece writes, one writer, each acknowledged only when durable: the segment store
 * (BLAKE3 CID, CRC32C blocks, append, group commit) vs a plain {@code FileChannel} append followed
 * by {@code force(false)} per write (what group commit does with a single writer). Both write
 * unique content; the store's default fsync policy applies. {@code blake3} chooses how the store
 * computes CIDs: the SIMD kernel once warmed up ({@code simd}, the default in a node) or the scalar
 * code ({@code scalar}, what runs without {@code --add-modules=jdk.incubator.vector}); each value
 * runs in its own JVM, the baseline with both.
 *
 * <p>Run: {@code benchmarks/run.sh storage} (or {@code java -jar benchmarks/target/benchmarks.jar
 * SequentialWriteBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SequentialWriteBenchmark {

  @Param("1048576")
  int pieceSize;

  @Param("GROUP_COMMIT")
  StoreOptions.FsyncPolicy fsync;

  @Param({"simd", "scalar"})
  String blake3;

  Path dir;
  PieceStore store;
  FileChannel plain;
  long plainPosition;
  byte[] content;
  ByteBuffer direct;
  long counter;

  @Setup(Level.Trial)
  public void chooseHash() throws Exception {
    if (blake3.equals("scalar")) {
      // Read once per JVM, before the first SIMD decision.
      System.setProperty("ddc.blake3.simd", "false");
    }
    String impl = Blake3.prepareSimd().get(60, TimeUnit.SECONDS);
    if (impl.startsWith("simd") != blake3.equals("simd")) {
      throw new IllegalStateException("wanted " + blake3 + ", the store hashes with " + impl);
    }
  }

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    dir = StoreFixtures.scratch("bench-seq-write");
    store = StoreFixtures.open(dir.resolve("ddc"), fsync);
    plain =
        FileChannel.open(
            dir.resolve("plain.log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    plainPosition = 0;
    content = StoreFixtures.content(7, pieceSize);
    direct = ByteBuffer.allocateDirect(pieceSize).put(content).flip();
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    store.close();
    plain.close();
    StoreFixtures.delete(dir);
  }

  /** Makes the next piece unique (the store would deduplicate equal content). */
  private void nextContent() {
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      content[i] = (byte) (c >>> (8 * i));
    }
  }

  @Benchmark
  public PieceInfo ddcStore() {
    nextContent();
    PieceWriter w = store.newPiece(1, Cid.Codec.RAW);
    return w.write(ByteBuffer.wrap(content)).thenCompose(v -> w.commit()).join();
  }

  @Benchmark
  public long fileChannel() throws IOException {
    nextContent();
    direct.clear();
    direct.put(0, content, 0, 8);
    while (direct.hasRemaining()) {
      plainPosition += plain.write(direct, plainPosition);
    }
    if (fsync != StoreOptions.FsyncPolicy.NONE) {
      plain.force(false);
    }
    return plainPosition;
  }
}
