package io.ddc.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernel against the scalar code and the BouncyCastle reference: whole subtrees, unaligned
 * kernel calls, pending input drained at the digest, and every mix of update sizes and buffer
 * kinds.
 */
class Blake3SimdTest {

  private static byte[] reference(byte[] data) {
    return Blake3Test.reference(data);
  }

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  @Test
  void prepareSimdSwitchesNewInstancesOverWhereTheKernelPays() throws Exception {
    // The build passes --add-modules=jdk.incubator.vector to test JVMs (with the optimizing JIT),
    // so the kernel is used here wherever the platform has vectors of 8 ints or more.
    assumeTrue(vectorModulePresent(), "jdk.incubator.vector not in the boot layer");
    int lanes = Blake3Simd.LANES;
    String decided = Blake3.prepareSimd().get(60, java.util.concurrent.TimeUnit.SECONDS);
    String expected = lanes >= 8 ? "simd-" + lanes : "scalar";
    assertEquals(Blake3Simd.GATHER && lanes >= 8 ? expected + "-gathered" : expected, decided);
    assertEquals(decided, Blake3.implementation());
    byte[] data = new byte[300_000];
    new SplittableRandom(1).nextBytes(data);
    assertArrayEquals(reference(data), Blake3.hash(data));
  }

  @Test
  void wholeInputsAroundKernelAndSubtreeBoundaries() {
    int kernel = 16 * 1024;
    int[] lengths = {
      kernel - 1,
      kernel,
      kernel + 1,
      2 * kernel,
      2 * kernel + 1,
      3 * kernel + 1024,
      256 * 1024,
      256 * 1024 + 1,
      257 * 1024,
      512 * 1024 - 1,
      (1 << 20) + 17,
      3 * (1 << 20) + 4096
    };
    SplittableRandom rnd = new SplittableRandom(3);
    for (int n : lengths) {
      byte[] data = new byte[n];
      rnd.nextBytes(data);
      byte[] expected = reference(data);
      Blake3 simd = new Blake3(true);
      simd.update(data, 0, n);
      Blake3 scalar = new Blake3(false);
      scalar.update(data, 0, n);
      assertArrayEquals(expected, simd.digest(), "simd, length " + n);
      assertArrayEquals(expected, scalar.digest(), "scalar, length " + n);
      assertArrayEquals(expected, Blake3.hash(data), "hash, length " + n);
    }
  }

  /**
   * Inputs streamed in updates of one size after a first update of another, ending at and around
   * the points where deferred chaining values are pushed (a kernel call's chunks, 256 chunks) or
   * held for the digest; the first update moves the kernel's chunks off their alignment.
   */
  @Test
  void streamedUpdatesAroundDeferredReductions() {
    int lane = Blake3Simd.LANES * 1024;
    int[] firsts = {0, 1, 100, 1024, 5000};
    int[] updates = {lane, 2 * lane, lane + 1, lane - 1, 1024, 100};
    int[] lengths = {
      lane,
      lane + 100,
      2 * lane,
      16 * lane,
      17 * lane,
      256 * 1024,
      256 * 1024 + 100,
      1 << 20,
      (1 << 20) + lane
    };
    byte[] data = new byte[(1 << 20) + lane + 5000];
    new SplittableRandom(11).nextBytes(data);
    for (int first : firsts) {
      for (int n : lengths) {
        byte[] input = java.util.Arrays.copyOf(data, first + n);
        byte[] expected = reference(input);
        for (int size : updates) {
          Blake3 h = new Blake3(true);
          h.update(input, 0, first);
          for (int off = first; off < input.length; off += size) {
            h.update(input, off, Math.min(size, input.length - off));
          }
          assertArrayEquals(
              expected, h.digest(), "first " + first + ", length " + n + ", updates of " + size);
        }
      }
    }
  }

  /** Random content cut into random updates, heap arrays, heap and direct buffers mixed. */
  @Property(tries = 60)
  void anySplitGivesTheReferenceDigest(
      @ForAll @IntRange(min = 0, max = 700_000) int length,
      @ForAll @IntRange(min = 1, max = 5) int sizeClass,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] data = new byte[length];
    rnd.nextBytes(data);
    int maxUpdate = new int[] {64, 1500, 17_000, 70_000, 400_000}[sizeClass - 1];
    Blake3 simd = new Blake3(true);
    Blake3 scalar = new Blake3(false);
    int off = 0;
    while (off < length) {
      int n = Math.min(length - off, 1 + rnd.nextInt(maxUpdate));
      switch (rnd.nextInt(3)) {
        case 0 -> {
          simd.update(data, off, n);
          scalar.update(data, off, n);
        }
        case 1 -> {
          ByteBuffer heap = ByteBuffer.wrap(data, off, n).slice();
          simd.update(heap);
          scalar.update(heap);
          assertEquals(0, heap.position());
        }
        default -> {
          ByteBuffer direct = ByteBuffer.allocateDirect(n + 5).position(5);
          direct.put(data, off, n).flip().position(5);
          simd.update(direct.asReadOnlyBuffer());
          scalar.update(direct);
          assertEquals(5, direct.position());
        }
      }
      off += n;
    }
    byte[] expected = reference(data);
    assertArrayEquals(expected, simd.digest(), "simd, length " + length);
    assertArrayEquals(expected, scalar.digest(), "scalar, length " + length);
  }

  @Test
  void resetAfterPendingInputStartsOver() {
    byte[] data = new byte[40_000];
    new SplittableRandom(9).nextBytes(data);
    Blake3 h = new Blake3(true);
    h.update(data, 0, 20_000);
    h.reset();
    h.update(data, 0, data.length);
    assertArrayEquals(reference(data), h.digest());
  }

  @Test
  void resetAfterDeferredChunksStartsOver() {
    byte[] data = new byte[3 * Blake3Simd.LANES * 1024 + 7];
    new SplittableRandom(10).nextBytes(data);
    Blake3 h = new Blake3(true);
    h.update(data, 0, 2 * Blake3Simd.LANES * 1024);
    h.reset();
    h.update(data, 0, 100);
    h.update(data, 100, data.length - 100);
    assertArrayEquals(reference(data), h.digest());
  }
}
