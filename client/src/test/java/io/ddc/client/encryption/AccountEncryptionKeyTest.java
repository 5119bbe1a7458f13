package io.ddc.client.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountEncryptionKeyTest {
  private static final String ROOT =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  @Test
  void sameSecretSameKeyOtherSecretOtherKey() {
    byte[] alice = EncryptionKeyPair.ofSecretUri("//Alice").publicKey();
    assertThat(EncryptionKeyPair.ofSecretUri("//Alice").publicKey()).isEqualTo(alice);
    assertThat(EncryptionKeyPair.ofSecretUri("//Bob").publicKey()).isNotEqualTo(alice);
    assertThat(EncryptionKeyPair.ofSecretUri(ROOT).publicKey()).isNotEqualTo(alice);
    assertThat(EncryptionKeyPair.ofSecretUri(ROOT + "///pw").publicKey())
        .isNotEqualTo(EncryptionKeyPair.ofSecretUri(ROOT).publicKey());
  }
}
