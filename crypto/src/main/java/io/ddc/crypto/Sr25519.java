package io.ddc.crypto;

import java.math.BigInteger;

/**
 * Schnorrkel (sr25519) signatures with Substrate's signing context {@code substrate}, as specified
 * in docs/spec/node-protocol.md 6.4. A signature is {@code R ‖ s} with schnorrkel's marker bit (bit
 * 7 of byte 63) set.
 */
final class Sr25519 {
  static final byte[] CONTEXT = Transcript.ascii("substrate");

  private Sr25519() {}

  /** The transcript a signature commits to, before the public key and R. */
  static Transcript signingTranscript(byte[] message) {
    return new Transcript("SigningContext")
        .append("", CONTEXT)
        .append("sign-bytes", message)
        .append("proto-name", Transcript.ascii("Schnorr-sig"));
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if ((signature[63] & 0x80) == 0) {
      return false;
    }
    byte[] rBytes = java.util.Arrays.copyOfRange(signature, 0, 32);
    byte[] sBytes = java.util.Arrays.copyOfRange(signature, 32, 64);
    sBytes[31] &= 0x7F;
    BigInteger s = Scalar25519.fromLittleEndian(sBytes);
    if (s.compareTo(Scalar25519.L) >= 0) {
      return false;
    }
    Ristretto255.Point a = Ristretto255.decode(publicKey);
    if (a == null) {
      return false;
    }
    Transcript t = signingTranscript(message).append("sign:pk", publicKey).append("sign:R", rBytes);
    BigInteger k = Scalar25519.reduce(t.challenge("sign:c", 64));
    // R' = s·B - k·A = s·B + (l - k)·A
    Ristretto255.Point r =
        Ristretto255.doubleScalarMulBaseVartime(Scalar25519.L.subtract(k).mod(Scalar25519.L), a, s);
    return java.util.Arrays.equals(Ristretto255.encode(r), rBytes);
  }

  /**
   * Signs with the secret scalar {@code key} (32 bytes, reduced), the 32-byte signing {@code nonce}
   * and the public key; secret arithmetic is constant time ({@link SecretScalar}).
   */
  static byte[] sign(byte[] key, byte[] nonce, byte[] publicKey, byte[] message) {
    Transcript t = signingTranscript(message).append("sign:pk", publicKey);
    byte[] r = SecretScalar.reduceWide(t.witness("signing", 64, nonce));
    byte[] rBytes = Ristretto255.encode(Ristretto255.mulBase(r));
    t.append("sign:R", rBytes);
    byte[] k = SecretScalar.reduceWide(t.challenge("sign:c", 64));
    byte[] s = SecretScalar.mulAdd(k, key, r);
    byte[] sig = new byte[64];
    System.arraycopy(rBytes, 0, sig, 0, 32);
    System.arraycopy(s, 0, sig, 32, 32);
    sig[63] |= (byte) 0x80;
    return sig;
  }
}
