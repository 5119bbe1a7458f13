package io.ddc.benchmarks;

import io.ddc.loadtest.Content;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The load generator's object content, one PUT's worth on one thread, in one run: {@code generator}
 * is {@link Content#fill} (a fixed table XOR a per-64-KiB-block key); {@code mixPerWord} is the
 * baseline, the generator as it was before, one SplitMix64 finaliser per 8-byte word of {@code
 * (seed, word)}; {@code copy} is the memory floor, {@code System.arraycopy} of as many bytes. Bytes
 * per second = ops/s × {@code size}.
 *
 * <pre>
 * benchmarks/run.sh loadgen
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContentBenchmark {
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  @Param({"4096", "1048576"})
  public int size;

  private byte[] dst;
  private byte[] src;
  private long seed;

  @Setup
  public void setUp() {
    dst = new byte[size];
    src = new byte[size];
    Content.fill(7, 0, src, 0, size);
  }

  @Benchmark
  public byte[] generator() {
    Content.fill(++seed, 0, dst, 0, size);
    return dst;
  }

  @Benchmark
  public byte[] mixPerWord() {
    long base = ++seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i + 8 <= size; i += 8) {
      LE_LONG.set(dst, i, mix(base + (i >>> 3)));
    }
    return dst;
  }

  @Benchmark
  public byte[] copy() {
    System.arraycopy(src, 0, dst, 0, size);
    return dst;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
