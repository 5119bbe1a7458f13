package io.ddc.pallets.scale;

/** A Rust 3-tuple {@code (A, B, C)}: the fields' encodings back to back. */
public record Tuple3<A, B, C>(A a, B b, C c) {}
