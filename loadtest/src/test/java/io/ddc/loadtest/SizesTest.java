package io.ddc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesUnitsAndWeights() {
    assertThat(Sizes.parseBytes("4KiB")).isEqualTo(4096);
    assertThat(Sizes.parseBytes("1MiB")).isEqualTo(1 << 20);
    assertThat(Sizes.parseBytes("10MB")).isEqualTo(10_000_000);
    assertThat(Sizes.parseBytes("512")).isEqualTo(512);
    Sizes s = Sizes.parse("4KiB=75,1MiB=25");
    SplittableRandom r = new SplittableRandom(7);
    int small = 0;
    for (int i = 0; i < 10_000; i++) {
      if (s.next(r) == 4096) {
        small++;
      }
    }
    assertThat(small).isBetween(7_200, 7_800);
    assertThat(s.max()).isEqualTo(1 << 20);
  }

  @Test
  void rejectsNonsenseWithTheReason() {
    assertThatThrownBy(() -> Sizes.parse("4XB")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> Sizes.parse("4KiB=-1")).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Sizes.parse("")).hasMessageContaining("empty");
  }

  @Property
  void anySliceEqualsTheSameBytesOfTheWhole(
      @ForAll long seed,
      @ForAll @LongRange(max = 5000) long offset,
      @ForAll @IntRange(max = 300) int length) {
    byte[] whole = Content.slice(seed, 0, (int) offset + length);
    byte[] part = Content.slice(seed, offset, length);
    for (int i = 0; i < length; i++) {
      assertThat(part[i]).isEqualTo(whole[(int) offset + i]);
      assertThat(Content.at(seed, offset + i)).isEqualTo(whole[(int) offset + i]);
    }
  }
}
