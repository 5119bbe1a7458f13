package io.ddc.pallets.payouts;

import io.ddc.crypto.Hashing;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One line of a payout: a customer to charge or a provider to reward, and the amount (the dev-line
 * batch element {@code (AccountId32, u128)}). Ordered like the Rust tuple: account bytes unsigned
 * lexicographically, then amount.
 */
public record PayoutEntry(byte[] account, BigInteger amount) implements Comparable<PayoutEntry> {

  /**
   * @throws IllegalArgumentException unless the account has 32 bytes and the amount is a u128
   */
  public PayoutEntry {
    if (account.length != 32) {
      throw new IllegalArgumentException("an account id has 32 bytes");
    }
    account = account.clone();
    Billing.u128(amount);
  }

  @Override
  public byte[] account() {
    return account.clone();
  }

  /** The MMR leaf: {@code blake2_256(SCALE(account) ‖ SCALE(amount as u128))}. */
  public byte[] leafHash() {
    return Hashing.blake2b256(new ScaleWriter(48).raw(account).u128(amount).toByteArray());
  }

  @Override
  public int compareTo(PayoutEntry o) {
    int c = Arrays.compareUnsigned(account, o.account);
    return c != 0 ? c : amount.compareTo(o.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PayoutEntry e
        && Arrays.equals(account, e.account)
        && amount.equals(e.amount);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(account) + amount.hashCode();
  }

  @Override
  public String toString() {
    return "0x" + HexFormat.of().formatHex(account) + "=" + amount;
  }
}
