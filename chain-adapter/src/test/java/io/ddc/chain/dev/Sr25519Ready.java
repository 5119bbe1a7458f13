package io.ddc.chain.dev;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;

/**
 * Whether the crypto module can derive sr25519 keys yet (tests of the sr25519 dev genesis need it).
 */
final class Sr25519Ready {
  private Sr25519Ready() {}

  static boolean available() {
    try {
      Keys.fromUri("//Alice", KeyScheme.SR25519);
      return true;
    } catch (UnsupportedOperationException notYet) {
      return false;
    }
  }
}
