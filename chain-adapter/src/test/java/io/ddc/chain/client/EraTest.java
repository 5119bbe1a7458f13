package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EraTest {
  @Test
  void substrateVectors() {
    // Era::mortal(64, 42) → Mortal(64, 42)
    Era e = Era.mortal(64, 42);
    assertThat(e.period()).isEqualTo(64);
    assertThat(e.phase()).isEqualTo(42);
    // encoded = min(15, max(1, tz(64) - 1)) | (42 << 4) = 5 | 672 = 677 = 0x02a5 → a5 02
    assertThat(HexFormat.of().formatHex(e.encode())).isEqualTo("a502");
    assertThat(e.birth(42)).isEqualTo(42);
    assertThat(e.birth(100)).isEqualTo(42);
    assertThat(e.birth(110)).isEqualTo(42 + 64);
    // Substrate: Era::mortal(32768, 20000) → period 32768, phase 20000, quantize 8 → 20000.
    Era big = Era.mortal(32768, 20000);
    assertThat(big.phase()).isEqualTo(20000);
    assertThat(HexFormat.of().formatHex(big.encode())).isEqualTo("4e9c");
    assertThat(Era.IMMORTAL.encode()).containsExactly(0);
  }

  @Property
  void birthIsWithinThePeriodBeforeNow(
      @ForAll @IntRange(min = 4, max = 65536) int period,
      @ForAll @LongRange(min = 0, max = 10_000_000) long now) {
    Era e = Era.mortal(period, now);
    long birth = e.birth(now);
    assertThat(birth).isLessThanOrEqualTo(now);
    assertThat(now - birth).isLessThan(e.period());
    assertThat(Integer.bitCount(e.period())).isEqualTo(1);
  }
}
