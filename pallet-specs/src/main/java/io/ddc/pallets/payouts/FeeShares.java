package io.ddc.pallets.payouts;

/**
 * A cluster's fee shares ({@code
 * ClusterProtocolParams.{treasury,validators,cluster_reserve}_share}): the fractions of the
 * collected charges that go to the treasury, to the validators and to the cluster's reserve account
 * before providers are paid.
 */
public record FeeShares(Perquintill treasury, Perquintill validators, Perquintill clusterReserve) {
  /** No fees. */
  public static final FeeShares NONE =
      new FeeShares(Perquintill.ZERO, Perquintill.ZERO, Perquintill.ZERO);

  /** The three shares added up, saturating at 100 %. */
  public Perquintill total() {
    return treasury.saturatingAdd(validators).saturatingAdd(clusterReserve);
  }
}
