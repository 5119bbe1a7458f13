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

  /** A signer over a {@code crypto} key pair (sr25519 or ed25519). */
  static Signer of(io.ddc.crypto.KeyPair key) {
    byte[] id = key.publicKey();
    int type = key.scheme().signatureTypeIndex();
    return new Signer() {
      @Override
      public byte[] accountId() {
        return id.clone();
      }

      @Override
      public int signatureType() {
        return type;
      }

      @Override
      public byte[] sign(byte[] payload) {
        return key.sign(payload);
      }
    };
  }
}
