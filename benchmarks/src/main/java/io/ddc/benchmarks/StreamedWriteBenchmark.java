package io.ddc.benchmarks;

import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * 1 MiB pieces streamed into one store in 16 KiB chunks by three writers at once, each piece
 * acknowledged only when durable (group commit): what a node's store does when it and two replicas'
 * transfers arrive together, on a machine with fewer cores than writers. The parameters choose how
 * the store hashes such chunks and sizes their staging:
 *
 * <ul>
 *   <li>{@code hashing=tasks, hint=none} — the baseline: every 256 KiB staged is hashed by a task
 *       on the store's hashing threads, and the staging buffer starts at 64 KiB and is copied into
 *       one twice as large whenever it fills ({@code StoreOptions.inlineHashMaxBytes(0)}, {@code
 *       newPiece} without a size);
 *   <li>{@code hashing=inline} — each chunk is hashed on the writer's thread right after staging
 *       (the default, {@code inlineHashMaxBytes} 64 KiB);
 *   <li>{@code hint=size} — the piece's size is announced, so its staging is never copied again.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run.sh streamed}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(3)
public class StreamedWriteBenchmark {

  @Param({"tasks", "inline"})
  String hashing;

  @Param({"none", "size"})
  String hint;

  @Param("1048576")
  int pieceSize;

  @Param("16384")
  int chunkSize;

  Path dir;
  PieceStore store;
  final AtomicLong counter = new AtomicLong();

  /** One writer's content; its first 8 bytes make each piece unique. */
  @State(Scope.Thread)
  public static class Writer {
    byte[] content;

    @Setup(Level.Trial)
    public void setUp(StreamedWriteBenchmark b) {
      content = StoreFixtures.content(Thread.currentThread().threadId(), b.pieceSize);
    }
  }

  @Setup(Level.Trial)
  public void prepareHash() throws Exception {
    Blake3.prepareSimd().get(60, TimeUnit.SECONDS);
  }

  @Setup(Level.Iteration)
  public void setUp() {
    dir = StoreFixtures.scratch("bench-streamed-write");
    store =
        PieceStore.openOrRecover(
            dir.resolve("ddc"),
            new StoreOptions()
                .indexEntries(200_000)
                .inlineHashMaxBytes(hashing.equals("inline") ? 64 << 10 : 0),
            c -> System.err.println("store finding: " + c));
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    store.close();
    StoreFixtures.delete(dir);
  }

  @Benchmark
  public PieceInfo streamedPiece(Writer w) {
    long c = counter.incrementAndGet();
    byte[] content = w.content;
    for (int i = 0; i < 8; i++) {
      content[i] = (byte) (c >>> (8 * i));
    }
    PieceWriter pw =
        hint.equals("size")
            ? store.newPiece(1, Cid.Codec.RAW, content.length)
            : store.newPiece(1, Cid.Codec.RAW);
    for (int off = 0; off < content.length; off += chunkSize) {
      pw.write(ByteBuffer.wrap(content, off, Math.min(chunkSize, content.length - off))).join();
    }
    return pw.commit().join();
  }
}
