package io.ddc.validator;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte account or node key usable as a map key; ordered unsigned lexicographically. */
record AccountId(byte[] bytes) implements Comparable<AccountId> {
  AccountId {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("an account id has 32 bytes, " + bytes.length + " given");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountId a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(AccountId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
