package io.ddc.pallets.scale;

/** A Rust 2-tuple {@code (A, B)}: the fields' encodings back to back. */
public record Tuple2<A, B>(A a, B b) {}
