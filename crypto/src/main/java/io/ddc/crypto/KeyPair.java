package io.ddc.crypto;

/**
 * A secret key and its public key. Implementations are immutable and thread-safe; {@link
 * #toString()} never shows secret material.
 */
public interface KeyPair {
  /** The signature scheme. */
  KeyScheme scheme();

  /** The 32-byte public key (the {@code AccountId32}); a fresh copy on every call. */
  byte[] publicKey();

  /**
   * Signs {@code message} and returns the 64-byte signature. ed25519 signatures are deterministic;
   * sr25519 signatures are randomized (signing context {@code substrate}, schnorrkel marker bit
   * set).
   */
  byte[] sign(byte[] message);

  /** Verifies a signature made by this key pair; same as {@link Signatures#verify}. */
  default boolean verify(byte[] message, byte[] signature) {
    return Signatures.verify(scheme(), publicKey(), message, signature);
  }
}
