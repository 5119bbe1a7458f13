package io.ddc.cluster.erasure;

import java.util.Objects;

/**
 * A systematic Reed–Solomon code over GF(2^8) with {@code k} data and {@code m} parity shards,
 * built from a Cauchy matrix (docs/spec/placement.md §5.2): any {@code k} of the {@code k + m}
 * shards reconstruct all the others.
 *
 * <p>Shards are equal-length byte arrays indexed {@code 0 … k+m-1}; {@code 0 … k-1} hold the data
 * unchanged, {@code k …} the parity. Instances are immutable and thread-safe; the arrays passed in
 * belong to the caller and are written only where a method says so.
 */
public final class ReedSolomon {
  /** Largest {@code k + m}: the Cauchy points must be distinct field elements. */
  public static final int MAX_TOTAL_SHARDS = 256;

  private final int dataShards;
  private final int parityShards;

  /** {@code parity[i][j]}: coefficient of data shard j in parity shard i. */
  private final int[][] parity;

  private ReedSolomon(int dataShards, int parityShards) {
    this.dataShards = dataShards;
    this.parityShards = parityShards;
    this.parity = new int[parityShards][dataShards];
    for (int i = 0; i < parityShards; i++) {
      for (int j = 0; j < dataShards; j++) {
        // Cauchy: 1 / (x_i + y_j) with x_i = k + i and y_j = j, all distinct, so never 1/0.
        parity[i][j] = Gf256.inverse((dataShards + i) ^ j);
      }
    }
  }

  /**
   * A code with {@code dataShards ≥ 1} data and {@code parityShards ≥ 0} parity shards, at most
   * {@value #MAX_TOTAL_SHARDS} in all.
   */
  public static ReedSolomon create(int dataShards, int parityShards) {
    if (dataShards < 1) {
      throw new IllegalArgumentException("dataShards must be at least 1, " + dataShards + " given");
    }
    if (parityShards < 0) {
      throw new IllegalArgumentException(
          "parityShards must not be negative, " + parityShards + " given");
    }
    if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException(
          "dataShards + parityShards must be at most 256, "
              + (dataShards + parityShards)
              + " given");
    }
    return new ReedSolomon(dataShards, parityShards);
  }

  /** The {@code k}: shards needed to reconstruct. */
  public int dataShards() {
    return dataShards;
  }

  /** The {@code m}: shards that may be lost. */
  public int parityShards() {
    return parityShards;
  }

  /** {@code k + m}. */
  public int totalShards() {
    return dataShards + parityShards;
  }

  /**
   * Computes the parity shards from the data shards over {@code [offset, offset + length)}. Writes
   * only the parity arrays {@code shards[k …]}; reads the data arrays.
   */
  public void encodeParity(byte[][] shards, int offset, int length) {
    checkShape(shards, offset, length);
    for (int i = 0; i < parityShards; i++) {
      byte[] out = shards[dataShards + i];
      java.util.Arrays.fill(out, offset, offset + length, (byte) 0);
      for (int j = 0; j < dataShards; j++) {
        Gf256.mulAdd(parity[i][j], shards[j], out, offset, length);
      }
    }
  }

  /**
   * True when the parity shards match the data shards over {@code [offset, offset + length)}.
   * Writes nothing.
   */
  public boolean isParityConsistent(byte[][] shards, int offset, int length) {
    checkShape(shards, offset, length);
    byte[] expected = new byte[offset + length];
    for (int i = 0; i < parityShards; i++) {
      java.util.Arrays.fill(expected, (byte) 0);
      for (int j = 0; j < dataShards; j++) {
        Gf256.mulAdd(parity[i][j], shards[j], expected, offset, length);
      }
      if (!java.util.Arrays.equals(
          expected, offset, offset + length, shards[dataShards + i], offset, offset + length)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rebuilds every shard whose {@code present} flag is false, in place, from the first {@code k}
   * present ones. Arrays of missing shards must exist and have the common length; their content is
   * overwritten over {@code [offset, offset + length)}. {@link ErasureException} when fewer than
   * {@code k} are present.
   */
  public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
    checkShape(shards, offset, length);
    Objects.requireNonNull(present, "present");
    if (present.length != totalShards()) {
      throw new IllegalArgumentException(
          "present must have " + totalShards() + " flags, " + present.length + " given");
    }
    int[] chosen = new int[dataShards];
    int count = 0;
    for (int i = 0; i < present.length && count < dataShards; i++) {
      if (present[i]) {
        chosen[count++] = i;
      }
    }
    if (count < dataShards) {
      throw new ErasureException(
          "need " + dataShards + " of " + totalShards() + " shards, " + count + " present",
          count,
          dataShards);
    }
    boolean dataMissing = false;
    for (int j = 0; j < dataShards; j++) {
      dataMissing |= !present[j];
    }
    if (dataMissing) {
      int[][] rows = new int[dataShards][];
      for (int r = 0; r < dataShards; r++) {
        rows[r] = encodingRow(chosen[r]);
      }
      int[][] decode = Gf256.invert(rows);
      for (int j = 0; j < dataShards; j++) {
        if (!present[j]) {
          byte[] out = shards[j];
          java.util.Arrays.fill(out, offset, offset + length, (byte) 0);
          for (int r = 0; r < dataShards; r++) {
            Gf256.mulAdd(decode[j][r], shards[chosen[r]], out, offset, length);
          }
        }
      }
    }
    for (int i = 0; i < parityShards; i++) {
      if (!present[dataShards + i]) {
        byte[] out = shards[dataShards + i];
        java.util.Arrays.fill(out, offset, offset + length, (byte) 0);
        for (int j = 0; j < dataShards; j++) {
          Gf256.mulAdd(parity[i][j], shards[j], out, offset, length);
        }
      }
    }
  }

  /** Row {@code index} of the systematic encoding matrix [I; C]. */
  private int[] encodingRow(int index) {
    if (index < dataShards) {
      int[] row = new int[dataShards];
      row[index] = 1;
      return row;
    }
    return parity[index - dataShards].clone();
  }

  private void checkShape(byte[][] shards, int offset, int length) {
    Objects.requireNonNull(shards, "shards");
    if (shards.length != totalShards()) {
      throw new IllegalArgumentException(
          "expected " + totalShards() + " shard arrays, " + shards.length + " given");
    }
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    for (int i = 0; i < shards.length; i++) {
      if (shards[i] == null || shards[i].length < offset + length) {
        throw new IllegalArgumentException(
            "shard " + i + " must hold at least " + (offset + length) + " bytes");
      }
    }
  }
}
