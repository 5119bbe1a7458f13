/**
 * SCALE, the Substrate wire and storage encoding, bit-exact with Rust's {@code parity-scale-codec}:
 * {@link io.ddc.pallets.scale.Scale} for primitives and generics, {@link
 * io.ddc.pallets.scale.EnumCodec} for enums with data. Normative notes: {@code
 * docs/spec/runtime-metadata.md}.
 */
package io.ddc.pallets.scale;
