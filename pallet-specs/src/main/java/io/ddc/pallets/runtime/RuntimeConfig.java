package io.ddc.pallets.runtime;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's identity and economics: version, token, SS58 prefix, fees. {@link #dev()} is the
 * Cere dev line (chain.md §1); the constants below are the real runtime's values.
 */
public record RuntimeConfig(
    String specName,
    String implName,
    long specVersion,
    long transactionVersion,
    int ss58Prefix,
    String tokenSymbol,
    int tokenDecimals) {
  /** The runtime crate name used in type paths. */
  static final String CRATE = "cere_dev_runtime";

  /** {@code ExistentialDeposit}: 1 CERE = 10^10 units. */
  public static final BigInteger EXISTENTIAL_DEPOSIT = BigInteger.TEN.pow(10);

  /** One CERE in units (10 decimals). */
  public static final BigInteger CERE = BigInteger.TEN.pow(10);

  /** {@code BlockHashCount}: 2400 blocks. */
  public static final long BLOCK_HASH_COUNT = 2400;

  /** Utility's batch limit (the real runtime's value for its call size). */
  public static final int BATCHED_CALLS_LIMIT = 10_922;

  /** Timestamp's {@code MinimumPeriod}: half the 6 s slot, in milliseconds. */
  public static final long MINIMUM_PERIOD_MS = 3000;

  /** {@code TransactionByteFee}: 10 MILLICENTS = 1 000 000 units per byte. */
  public static final BigInteger TRANSACTION_BYTE_FEE = BigInteger.valueOf(1_000_000);

  /** A fee multiplier of exactly one ({@code FixedU128} with 18 decimals). */
  static final BigInteger FEE_MULTIPLIER_ONE = BigInteger.TEN.pow(18);

  /** The weight every extrinsic is charged at least ({@code ExtrinsicBaseWeight}, picoseconds). */
  public static final long EXTRINSIC_BASE_WEIGHT = 125_000_000L;

  /** The dev line: spec "node" 80013, transaction version 27, SS58 54, CERE with 10 decimals. */
  public static RuntimeConfig dev() {
    return new RuntimeConfig("node", "substrate-node", 80013, 27, 54, "CERE", 10);
  }

  /** Runtime API ids (blake2b-64 of the trait name) and versions this runtime answers. */
  static final List<Object[]> APIS =
      List.of(
          new Object[] {"df6acb689907609b", 5L}, // Core
          new Object[] {"37e397fc7c91f5e4", 1L}, // Metadata
          new Object[] {"40fe3ad401f8959a", 6L}, // BlockBuilder
          new Object[] {"d2bc9897eed08f15", 3L}, // TaggedTransactionQueue
          new Object[] {"bc9d89904f5b923f", 1L}, // AccountNonceApi
          new Object[] {"37c8bb1350a9a2a8", 4L}); // TransactionPaymentApi

  /** {@code RuntimeVersion} as a registry value. */
  Map<String, Object> versionValue() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("spec_name", specName);
    v.put("impl_name", implName);
    v.put("authoring_version", 10L);
    v.put("spec_version", specVersion);
    v.put("impl_version", 0L);
    List<Object> apis = new ArrayList<>();
    for (Object[] a : APIS) {
      apis.add(List.of(HexFormat.of().parseHex((String) a[0]), a[1]));
    }
    v.put("apis", apis);
    v.put("transaction_version", transactionVersion);
    v.put("state_version", 1);
    return v;
  }
}
