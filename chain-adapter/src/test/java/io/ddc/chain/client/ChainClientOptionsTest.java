package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.chain.dev.DevChainOptions;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChainClientOptionsTest {
  @Test
  void jsonRoundTripAndValidation() {
    ChainClientOptions o =
        new ChainClientOptions()
            .setUri(URI.create("wss://rpc.devnet.cere.network/ws"))
            .setRequestTimeout(Duration.ofSeconds(3))
            .setEraPeriod(128);
    ChainClientOptions back = ChainClientOptions.fromJson(o.toJson());
    assertThat(back.toJson()).isEqualTo(o.toJson());
    assertThat(back.getEraPeriod()).isEqualTo(128);
    assertThatThrownBy(() -> o.setUri(URI.create("http://x")))
        .hasMessageContaining("ws:// or wss://");
    assertThatThrownBy(() -> o.setEraPeriod(3)).hasMessageContaining("3 given");
    assertThatThrownBy(() -> o.setRequestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void devChainOptionsJsonRoundTripAndValidation() {
    DevChainOptions o =
        new DevChainOptions().setPort(0).setInstantSeal(true).setBlockTime(Duration.ofMillis(250));
    assertThat(DevChainOptions.fromJson(o.toJson()).toJson()).isEqualTo(o.toJson());
    assertThatThrownBy(() -> o.setPort(70000)).hasMessageContaining("70000 given");
    assertThatThrownBy(() -> o.setBlockTime(Duration.ZERO)).hasMessageContaining("blockTime");
    assertThatThrownBy(() -> o.setMaxBlockExtrinsics(0)).hasMessageContaining("maxBlockExtrinsics");
  }
}
