package io.ddc.crypto;

/** Schnorrkel sr25519 (work in progress). */
final class Sr25519 {
  private Sr25519() {}

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    throw new UnsupportedOperationException("sr25519 verification is not implemented yet");
  }
}
