package io.ddc.benchmarks;

import io.ddc.crypto.Blake3;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * BLAKE3-256 of one input on one thread, in one run: our SIMD kernel ({@code simd}, after {@link
 * Blake3#prepareSimd()} switched to it), the same kernel loading message words with gathers ({@code
 * simdGathered}, in JVMs started with {@code -Dddc.blake3.gather=true}: the kernel before the
 * in-register transpose of decision 0018), the SIMD kernel fed in 16 KiB updates ({@code
 * simdStreamed}), our scalar code ({@code scalar}) and BouncyCastle's {@code Blake3Digest} ({@code
 * bouncyCastle}, the baseline). Bytes per second = ops/s × {@code size}.
 *
 * <pre>
 * benchmarks/run.sh hash
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBenchmark {
  @Param({"4096", "65536", "1048576"})
  public int size;

  private byte[] data;
  private final byte[] out = new byte[32];

  @Setup
  public void setUp() throws Exception {
    data = new byte[size];
    new SplittableRandom(5).nextBytes(data);
    String impl = Blake3.prepareSimd().get(60, TimeUnit.SECONDS);
    if (!impl.startsWith("simd")) {
      throw new IllegalStateException(
          "SIMD kernel not in use (" + impl + "): run with --add-modules=jdk.incubator.vector");
    }
  }

  @Benchmark
  public byte[] simd() {
    Blake3 h = new Blake3();
    h.update(data, 0, data.length);
    h.digest(out, 0);
    return out;
  }

  /**
   * The same input in {@link #STREAMED_UPDATE} updates, the way a piece arriving over the network
   * is hashed while it is staged.
   */
  @Benchmark
  public byte[] simdStreamed() {
    Blake3 h = new Blake3();
    for (int off = 0; off < data.length; off += STREAMED_UPDATE) {
      h.update(data, off, Math.min(STREAMED_UPDATE, data.length - off));
    }
    h.digest(out, 0);
    return out;
  }

  /** Bytes per update of {@link #simdStreamed()}. */
  static final int STREAMED_UPDATE = 16 * 1024;

  @Benchmark
  @Fork(jvmArgsPrepend = "-Dddc.blake3.gather=true")
  public byte[] simdGathered() {
    if (!Blake3.implementation().endsWith("-gathered")) {
      throw new IllegalStateException("not the gathering kernel: " + Blake3.implementation());
    }
    return simd();
  }

  @Benchmark
  public byte[] scalar() {
    Blake3 h = Blake3.scalar();
    h.update(data, 0, data.length);
    h.digest(out, 0);
    return out;
  }

  @Benchmark
  public byte[] bouncyCastle() {
    Blake3Digest d = new Blake3Digest(256);
    d.update(data, 0, data.length);
    d.doFinal(out, 0);
    return out;
  }
}
