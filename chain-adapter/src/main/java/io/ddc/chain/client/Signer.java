package io.ddc.chain.client;

/**
 * Signs extrinsics for one account. {@link #signatureType()} is the {@code MultiSignature} variant:
 * 0 ed25519, 1 sr25519, 2 ecdsa.
 */
public interface Signer {
  /** The 32-byte account id ({@code AccountId32}). */
  byte[] accountId();

  /** The {@code MultiSignature} variant index. */
  int signatureType();

  /** Signs {@code payload} (already hashed with blake2_256 when longer than 256 bytes). */
  byte[] sign(byte[] payload);
}
