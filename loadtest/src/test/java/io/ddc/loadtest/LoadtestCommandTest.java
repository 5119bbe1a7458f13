package io.ddc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadtestCommandTest {

  @Test
  void theProgressLineSaysHowLongIsLeft() {
    assertThat(
            LoadtestCommand.progressLine(
                new LoadRun.Progress("run", 5, 90, 120, 2, 3.5, 3 * 1024 * 1024)))
        .contains("[  5s/90s, 1:25 left]", "120 ops/s", "p99     3.50 ms", "errors 2");
    assertThat(LoadtestCommand.progressLine(new LoadRun.Progress("run", 31, 30, 0, 0, 0, 0)))
        .contains("draining");
  }

  @Test
  void durationsTakeUnits() {
    assertThat(LoadtestCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(LoadtestCommand.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(LoadtestCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
  }
}
