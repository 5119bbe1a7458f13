package io.ddc.pallets.payouts;

import java.math.BigInteger;

/** The fees taken from an era's collected charges, in the chain's smallest unit. */
public record Fees(BigInteger treasury, BigInteger validators, BigInteger clusterReserve) {
  /** The three fees added up. */
  public BigInteger total() {
    return treasury.add(validators).add(clusterReserve);
  }
}
