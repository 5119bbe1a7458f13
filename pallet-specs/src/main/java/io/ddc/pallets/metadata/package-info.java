/**
 * Runtime metadata V14: a scale-info type registry ({@link io.ddc.pallets.metadata.TypeRegistry},
 * which also encodes and decodes values of its types), pallets, storage entries and the extrinsic
 * format, serialized as {@code RuntimeMetadataPrefixed}. Normative layout: {@code
 * docs/spec/runtime-metadata.md}.
 */
package io.ddc.pallets.metadata;
