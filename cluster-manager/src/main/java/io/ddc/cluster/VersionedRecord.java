package io.ddc.cluster;

import java.util.Arrays;

/**
 * A small mutable record (a name record, a DAG node kept as a record) with the version that orders
 * its writes (docs/spec/cluster-transfer.md §8): the higher version wins everywhere; equal versions
 * are ordered by the value bytes, so every node converges on the same value.
 */
public record VersionedRecord(long version, byte[] value) {
  /** Copies the value. */
  public VersionedRecord {
    value = value.clone();
  }

  /** A copy of the value. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** True when this record wins over {@code other} under the §8 rule. */
  public boolean supersedes(VersionedRecord other) {
    if (version != other.version) {
      return version > other.version;
    }
    return Arrays.compareUnsigned(value, other.value) > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedRecord r && r.version == version && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "VersionedRecord[version=" + version + ", " + value.length + " bytes]";
  }
}
