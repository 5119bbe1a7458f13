package io.ddc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ContentTest {

  /** Any slice, word-aligned or not, equals the object's bytes one by one. */
  @Property(tries = 300)
  void slicesAgreeWithTheBytes(
      @ForAll long seed,
      @ForAll @LongRange(min = 0, max = 1L << 40) long offset,
      @ForAll @IntRange(min = 0, max = 200) int length) {
    byte[] slice = Content.slice(seed, offset, length);
    for (int i = 0; i < length; i++) {
      assertThat(slice[i]).as("byte %d", offset + i).isEqualTo(Content.at(seed, offset + i));
    }
  }

  @Property(tries = 100)
  void fillWritesOnlyItsRange(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 64) int offset,
      @ForAll @IntRange(min = 0, max = 40) int at,
      @ForAll @IntRange(min = 0, max = 60) int length) {
    byte[] dst = new byte[at + length + 3];
    java.util.Arrays.fill(dst, (byte) 0x5a);
    Content.fill(seed, offset, dst, at, length);
    for (int i = 0; i < dst.length; i++) {
      byte expected = i >= at && i < at + length ? Content.at(seed, offset + i - at) : (byte) 0x5a;
      assertThat(dst[i]).as("index %d", i).isEqualTo(expected);
    }
  }

  /** Slices across the 64 KiB block boundaries agree with the bytes one by one. */
  @Property(tries = 60)
  void slicesAcrossBlocksAgreeWithTheBytes(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 1 << 20) int block,
      @ForAll @IntRange(min = -300, max = 300) int before,
      @ForAll @IntRange(min = 0, max = 70_000) int length) {
    long offset = Math.max(0, ((long) block << 16) + before);
    byte[] slice = Content.slice(seed, offset, length);
    for (int i = 0; i < length; i++) {
      if (slice[i] != Content.at(seed, offset + i)) {
        assertThat(slice[i]).as("byte %d", offset + i).isEqualTo(Content.at(seed, offset + i));
      }
    }
  }

  /** No two 64 KiB blocks are equal, within one object or across two. */
  @Property(tries = 30)
  void blocksDiffer(@ForAll long seed, @ForAll long other) {
    net.jqwik.api.Assume.that(seed != other);
    java.util.Set<java.nio.ByteBuffer> blocks = new java.util.HashSet<>();
    for (long s : new long[] {seed, other}) {
      byte[] object = Content.slice(s, 0, 4 << 16);
      for (int b = 0; b < 4; b++) {
        assertThat(
                blocks.add(
                    java.nio.ByteBuffer.wrap(
                        java.util.Arrays.copyOfRange(object, b << 16, (b + 1) << 16))))
            .as("block %d of seed %d", b, s)
            .isTrue();
      }
    }
  }
}
