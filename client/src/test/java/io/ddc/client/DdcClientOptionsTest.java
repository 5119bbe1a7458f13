package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DdcClientOptionsTest {
  @Test
  void partConcurrencyDefaultsToFourAndRejectsOutOfRange() {
    DdcClientOptions o = new DdcClientOptions();
    assertThat(o.partConcurrency())
        .isEqualTo(DdcClientOptions.DEFAULT_PART_CONCURRENCY)
        .isEqualTo(4);
    assertThat(o.partConcurrency(1).partConcurrency()).isEqualTo(1);
    assertThatThrownBy(() -> o.partConcurrency(0))
        .hasMessage("partConcurrency must be 1 to 16, 0 given");
    assertThatThrownBy(() -> o.partConcurrency(17)).hasMessageContaining("17 given");
  }

  @Test
  void partSizeBounds() {
    assertThatThrownBy(() -> new DdcClientOptions().partSize(1024))
        .hasMessageContaining("4 MiB to 128 MiB");
  }
}
