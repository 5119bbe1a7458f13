package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private final ProgressLine p = new ProgressLine(new PrintWriter(new StringWriter()), "upload a");

  @Test
  void showsPercentageRateAndTimeLeft() {
    // 32 MiB of 128 MiB in 4 s: 8 MiB/s, 96 MiB left = 12 s.
    assertThat(p.line(32L << 20, 128L << 20, 4.0))
        .isEqualTo("upload a 32.0 MiB / 128.0 MiB  25.0%  8.0 MiB/s  ETA 0:12");
  }

  @Test
  void noTimeLeftWithoutATotalOrWhenDone() {
    assertThat(p.line(10L << 20, -1, 2.0)).isEqualTo("upload a 10.0 MiB  5.0 MiB/s");
    assertThat(p.line(1L << 20, 1L << 20, 1.0)).doesNotContain("ETA");
  }

  @Test
  void linesModePrintsWholeLinesAtMostOnceASecondAndALastOne() {
    StringWriter out = new StringWriter();
    ProgressLine lines = new ProgressLine(new PrintWriter(out), "put big", true);
    lines.update(1L << 20, 8L << 20);
    lines.update(2L << 20, 8L << 20);
    lines.finish();
    String[] printed = out.toString().split("\n");
    assertThat(printed).hasSize(2);
    assertThat(printed[0]).startsWith("put big 1.0 MiB / 8.0 MiB  12.5%").contains("MiB/s");
    assertThat(printed[1]).startsWith("put big 2.0 MiB / 8.0 MiB  25.0%");
    StringWriter quiet = new StringWriter();
    ProgressLine off = new ProgressLine(new PrintWriter(quiet), "put big");
    off.update(1, 2);
    off.finish();
    assertThat(quiet.toString()).isEmpty();
  }
}
