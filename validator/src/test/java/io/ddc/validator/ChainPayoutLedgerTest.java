package io.ddc.validator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainPayoutLedgerTest {
  @Test
  void mapsEveryPalletStateName() {
    String[] names = {
      "NotInitialized",
      "Initialized",
      "ChargingCustomers",
      "CustomersChargedWithFees",
      "RewardingProviders",
      "ProvidersRewarded",
      "Finalized"
    };
    for (int i = 0; i < names.length; i++) {
      assertThat(ChainPayoutLedger.state(names[i])).isEqualTo(PayoutLedger.State.values()[i]);
    }
  }
}
