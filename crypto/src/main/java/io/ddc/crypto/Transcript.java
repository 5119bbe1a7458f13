package io.ddc.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A Merlin v1.0 transcript on STROBE-128, with the transcript RNG that schnorrkel uses for signing
 * witnesses (the witness is keyed with the secret nonce and 32 fresh random bytes, so a broken RNG
 * alone never repeats a witness for different messages).
 */
final class Transcript {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Strobe128 strobe;

  Transcript(String label) {
    strobe = new Strobe128(ascii("Merlin v1.0"));
    append("dom-sep", ascii(label));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  Transcript append(String label, byte[] message) {
    strobe.metaAd(ascii(label), false);
    strobe.metaAd(le32(message.length), true);
    strobe.ad(message, false);
    return this;
  }

  byte[] challenge(String label, int n) {
    strobe.metaAd(ascii(label), false);
    strobe.metaAd(le32(n), true);
    return strobe.prf(n);
  }

  /**
   * Merlin's {@code build_rng().rekey_with_witness_bytes(label, w)…finalize(rng)} followed by
   * {@code fill_bytes(n)}; the transcript itself is not changed.
   */
  byte[] witness(String label, int n, byte[]... witnesses) {
    Strobe128 rng = strobe.copy();
    for (byte[] w : witnesses) {
      rng.metaAd(ascii(label), false);
      rng.metaAd(le32(w.length), true);
      rng.key(w, false);
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    rng.metaAd(ascii("rng"), false);
    rng.key(random, false);
    rng.metaAd(le32(n), false);
    return rng.prf(n);
  }

  private static byte[] le32(int n) {
    return new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
  }
}
