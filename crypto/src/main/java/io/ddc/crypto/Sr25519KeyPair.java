package io.ddc.crypto;

/** An sr25519 key pair (work in progress). */
final class Sr25519KeyPair implements KeyPair {
  private Sr25519KeyPair() {}

  static Sr25519KeyPair fromMiniSecret(byte[] miniSecret) {
    throw new UnsupportedOperationException("sr25519 keys are not implemented yet");
  }

  Sr25519KeyPair deriveHard(byte[] chainCode) {
    throw new UnsupportedOperationException();
  }

  Sr25519KeyPair deriveSoft(byte[] chainCode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public KeyScheme scheme() {
    return KeyScheme.SR25519;
  }

  @Override
  public byte[] publicKey() {
    throw new UnsupportedOperationException();
  }

  @Override
  public byte[] sign(byte[] message) {
    throw new UnsupportedOperationException();
  }
}
