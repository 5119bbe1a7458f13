package io.ddc.pallets.payouts;

import java.math.BigInteger;

/**
 * A cluster's prices ({@code ClusterProtocolParams.cost_per_*}, u128 each): per MiB stored for a
 * month, per MiB streamed, per put request and per get request. A zero price makes that dimension
 * free.
 */
public record Pricing(
    BigInteger perMbStored,
    BigInteger perMbStreamed,
    BigInteger perPutRequest,
    BigInteger perGetRequest) {

  /**
   * @throws IllegalArgumentException if a price is negative or wider than u128
   */
  public Pricing {
    for (BigInteger v :
        new BigInteger[] {perMbStored, perMbStreamed, perPutRequest, perGetRequest}) {
      Billing.u128(v);
    }
  }

  /** Prices from {@code long}s. */
  public static Pricing of(long perMbStored, long perMbStreamed, long perPut, long perGet) {
    return new Pricing(
        BigInteger.valueOf(perMbStored),
        BigInteger.valueOf(perMbStreamed),
        BigInteger.valueOf(perPut),
        BigInteger.valueOf(perGet));
  }
}
