package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HeaderTest {
  @Test
  void encodesLikeSubstrate() {
    byte[] parent = new byte[32];
    parent[0] = 1;
    byte[] state = new byte[32];
    state[31] = 2;
    byte[] ext = new byte[32];
    Header h = new Header(parent, 300, state, ext);
    String hex = HexFormat.of().formatHex(h.encode());
    // parent ‖ Compact(300) = 0xb104 ‖ state ‖ ext ‖ empty digest
    assertThat(hex)
        .isEqualTo(
            "01" + "00".repeat(31) + "b104" + "00".repeat(31) + "02" + "00".repeat(32) + "00");
    assertThat(Header.decode(Scale.le(h.encode()))).usingRecursiveComparison().isEqualTo(h);
    assertThat(h.toJson().getString("number")).isEqualTo("0x12c");
  }

  @Test
  void compactBoundaries() {
    assertThat(Scale.compact(63)).containsExactly(0xfc);
    assertThat(Scale.compact(64)).containsExactly(0x01, 0x01);
    assertThat(Scale.compact(16383)).containsExactly(0xfd, 0xff);
    assertThat(Scale.compact(16384)).containsExactly(0x02, 0x00, 0x01, 0x00);
    assertThat(Scale.compact(1L << 30)).containsExactly(0x03, 0x00, 0x00, 0x00, 0x40);
    for (long v :
        new long[] {0, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, 1L << 40, Long.MAX_VALUE}) {
      assertThat(Scale.readCompact(Scale.le(Scale.compact(v)))).isEqualTo(v);
    }
  }
}
