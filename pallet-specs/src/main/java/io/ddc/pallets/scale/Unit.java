package io.ddc.pallets.scale;

/** Rust's {@code ()}: encodes to nothing. */
public enum Unit {
  UNIT
}
