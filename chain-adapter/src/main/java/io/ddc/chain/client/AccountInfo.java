package io.ddc.chain.client;

import java.math.BigInteger;

/**
 * {@code System.Account} of one account: nonce, reference counts and balances (planck, 10^-10
 * CERE).
 */
public record AccountInfo(
    long nonce,
    long consumers,
    long providers,
    long sufficients,
    BigInteger free,
    BigInteger reserved,
    BigInteger frozen) {
  /** The value of an account that does not exist. */
  public static final AccountInfo EMPTY =
      new AccountInfo(0, 0, 0, 0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

  /** Decodes FRAME's {@code AccountInfo<u32, AccountData<u128>>}. */
  static AccountInfo decode(byte[] v) {
    ScaleInput in = new ScaleInput(v);
    return new AccountInfo(
        in.u32(), in.u32(), in.u32(), in.u32(), in.uint(16), in.uint(16), in.uint(16));
  }
}
