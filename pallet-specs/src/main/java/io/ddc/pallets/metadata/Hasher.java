package io.ddc.pallets.metadata;

/** Storage key hashers in their metadata order. */
public enum Hasher {
  BLAKE2_128,
  BLAKE2_256,
  BLAKE2_128_CONCAT,
  TWOX_128,
  TWOX_256,
  TWOX_64_CONCAT,
  IDENTITY
}
