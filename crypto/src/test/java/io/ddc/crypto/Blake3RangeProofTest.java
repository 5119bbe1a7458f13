package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Blake3RangeProofTest {

  private static byte[] content(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Blake3RangeProof.Reader reader(byte[] content) {
    return (offset, length) -> Arrays.copyOfRange(content, (int) offset, (int) offset + length);
  }

  /** A range inside {@code size > 0} bytes picked from two random numbers. */
  private record Range(long offset, long length) {
    static Range of(int size, int a, int b) {
      long offset = Math.floorMod(a, size);
      long length = 1 + Math.floorMod(b, size - offset);
      return new Range(offset, length);
    }
  }

  private record Proven(
      byte[] digest, Blake3RangeProof.Covered covered, byte[] data, List<byte[]> proof) {}

  private static Proven prove(byte[] content, Range r) {
    Blake3RangeProof.Covered c = Blake3RangeProof.covered(content.length, r.offset(), r.length());
    byte[] data = Arrays.copyOfRange(content, (int) c.start(), (int) (c.start() + c.length()));
    List<byte[]> proof =
        Blake3RangeProof.prove(reader(content), content.length, r.offset(), r.length());
    return new Proven(Hashing.blake3_256(content), c, data, proof);
  }

  @Property(tries = 60)
  void everyRangeOfRandomContentVerifiesAgainstItsBlake3Hash(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 600_000) int size,
      @ForAll int a,
      @ForAll int b) {
    byte[] content = content(seed, size);
    Proven p = prove(content, Range.of(size, a, b));
    assertThat(p.data().length).isEqualTo(p.covered().length());
    assertThat(Blake3RangeProof.verify(p.digest(), size, p.covered().start(), p.data(), p.proof()))
        .isTrue();
  }

  @Property(tries = 60)
  void anyFlippedDataByteOrProofByteFails(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40_000) int size,
      @ForAll int a,
      @ForAll int b,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int pick,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] content = content(seed, size);
    Proven p = prove(content, Range.of(size, a, b));
    long start = p.covered().start();

    byte[] badData = p.data().clone();
    badData[pick % badData.length] ^= (byte) (1 << bit);
    assertThat(Blake3RangeProof.verify(p.digest(), size, start, badData, p.proof())).isFalse();

    if (!p.proof().isEmpty()) {
      List<byte[]> badProof = new ArrayList<>();
      p.proof().forEach(x -> badProof.add(x.clone()));
      byte[] element = badProof.get(pick % badProof.size());
      element[pick % 32] ^= (byte) (1 << bit);
      assertThat(Blake3RangeProof.verify(p.digest(), size, start, p.data(), badProof)).isFalse();

      List<byte[]> shorter = new ArrayList<>(p.proof());
      shorter.remove(pick % shorter.size());
      assertThat(Blake3RangeProof.verify(p.digest(), size, start, p.data(), shorter)).isFalse();
    }
    List<byte[]> longer = new ArrayList<>(p.proof());
    longer.add(new byte[32]);
    assertThat(Blake3RangeProof.verify(p.digest(), size, start, p.data(), longer)).isFalse();

    byte[] badDigest = p.digest().clone();
    badDigest[pick % 32] ^= (byte) (1 << bit);
    assertThat(Blake3RangeProof.verify(badDigest, size, start, p.data(), p.proof())).isFalse();
  }

  @Property(tries = 40)
  void aWrongPositionFailsAndAWrongSizeFailsForARangeReachingTheEnd(
      @ForAll long seed,
      @ForAll @IntRange(min = 2049, max = 40_000) int size,
      @ForAll int a,
      @ForAll @IntRange(min = 1, max = 1024) int delta) {
    byte[] content = content(seed, size);
    Proven p = prove(content, Range.of(size, a, Integer.MAX_VALUE - 1));
    long start = p.covered().start();
    long moved = start >= 1024 ? start - 1024 : start + 1024;
    assertThat(Blake3RangeProof.verify(p.digest(), size, moved, p.data(), p.proof())).isFalse();
    // the range ends at the last byte: its tail chunk and the tree's shape pin the size
    Proven tail = prove(content, new Range(size - 1, 1));
    long tailStart = tail.covered().start();
    assertThat(
            Blake3RangeProof.verify(
                tail.digest(), size + delta, tailStart, tail.data(), tail.proof()))
        .isFalse();
    assertThat(
            Blake3RangeProof.verify(
                tail.digest(), size - delta, tailStart, tail.data(), tail.proof()))
        .isFalse();
  }

  @Test
  void theWholeContentNeedsNoProofAndMatchesKnownBoundaries() {
    for (int size : new int[] {1, 1023, 1024, 1025, 2048, 3072, 4097, 262_144, 263_169}) {
      byte[] content = content(size, size);
      Proven p = prove(content, new Range(0, size));
      assertThat(p.proof()).as("size %d", size).isEmpty();
      assertThat(Blake3RangeProof.verify(p.digest(), size, 0, content, p.proof()))
          .as("size %d", size)
          .isTrue();
    }
  }

  @Test
  void oneChunkOfFiveNeedsTheCvsOfTheOtherSubtrees() {
    byte[] content = content(7, 5 * 1024);
    // tree: ((c0 c1)(c2 c3)) c4 ; proving c2 needs (c0 c1), c3 and c4
    Proven p = prove(content, new Range(2 * 1024 + 10, 20));
    assertThat(p.proof()).hasSize(3);
    assertThat(p.covered()).isEqualTo(new Blake3RangeProof.Covered(2048, 1024));
  }

  @Test
  void rangesOutsideTheContentAreRejected() {
    assertThatThrownBy(() -> Blake3RangeProof.covered(10, 5, 6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Blake3RangeProof.covered(10, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Blake3RangeProof.verify(new byte[31], 10, 0, new byte[10], List.of())).isFalse();
  }
}
