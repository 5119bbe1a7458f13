package io.ddc.chain.dev;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** BLAKE2b-256 for the dev chain's block hashes and state commitments (one digest per thread). */
final class Hash256 {
  private static final ThreadLocal<Blake2bDigest> DIGEST =
      ThreadLocal.withInitial(() -> new Blake2bDigest(256));

  private Hash256() {}

  /** BLAKE2b with a 32-byte output over {@code parts} concatenated. */
  static byte[] blake2(byte[]... parts) {
    Blake2bDigest d = DIGEST.get();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
