package io.ddc.chain.client;

import java.math.BigInteger;

/**
 * Per-extrinsic settings: tip, explicit nonce ({@code -1} = tracked by the client), and how long to
 * watch ({@code waitForFinalized}; otherwise the result completes at in-block).
 */
public record TxOptions(BigInteger tip, long nonce, boolean waitForFinalized) {
  /** No tip, tracked nonce, wait for finality. */
  public static final TxOptions DEFAULT = new TxOptions(BigInteger.ZERO, -1, true);

  public TxOptions {
    if (tip == null || tip.signum() < 0) {
      throw new IllegalArgumentException("tip must be zero or positive, " + tip + " given");
    }
    if (nonce < -1 || nonce > 0xffffffffL) {
      throw new IllegalArgumentException(
          "nonce must be -1 (tracked) or a u32, " + nonce + " given");
    }
  }

  public TxOptions withTip(BigInteger t) {
    return new TxOptions(t, nonce, waitForFinalized);
  }

  public TxOptions withNonce(long n) {
    return new TxOptions(tip, n, waitForFinalized);
  }
}
