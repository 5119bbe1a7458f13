package io.ddc.pallets.runtime;

/** The storage keys the executive and the core pallets use, computed once. */
final class RuntimeKeys {
  final byte[] systemAccount = StorageKey.plain("System", "Account");
  final byte[] eventCount = StorageKey.plain("System", "EventCount");
  final byte[] events = StorageKey.plain("System", "Events");
  final byte[] number = StorageKey.plain("System", "Number");
  final byte[] parentHash = StorageKey.plain("System", "ParentHash");
  final byte[] blockHash = StorageKey.plain("System", "BlockHash");
  final byte[] extrinsicCount = StorageKey.plain("System", "ExtrinsicCount");
  final byte[] totalIssuance = StorageKey.plain("Balances", "TotalIssuance");
  final byte[] balancesLocks = StorageKey.plain("Balances", "Locks");
  final byte[] timestampNow = StorageKey.plain("Timestamp", "Now");
  final byte[] sudoKey = StorageKey.plain("Sudo", "Key");
  final byte[] nextFeeMultiplier = StorageKey.plain("TransactionPayment", "NextFeeMultiplier");

  /** FRAME's well-known key of the index of the extrinsic being applied. */
  final byte[] extrinsicIndex =
      ":extrinsic_index".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
