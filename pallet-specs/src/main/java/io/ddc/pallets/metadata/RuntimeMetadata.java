package io.ddc.pallets.metadata;

import io.ddc.pallets.scale.ScaleWriter;
import java.util.List;

/**
 * {@code RuntimeMetadataV14}: the type registry, the pallets, the extrinsic format and the runtime
 * type. {@link #toBytes} gives {@code RuntimeMetadataPrefixed} ("meta", version 14), the answer to
 * {@code Metadata_metadata} and {@code state_getMetadata}. Layout: {@code
 * docs/spec/runtime-metadata.md}.
 */
public record RuntimeMetadata(
    TypeRegistry types,
    List<PalletMetadata> pallets,
    int extrinsicType,
    int extrinsicVersion,
    List<SignedExtension> signedExtensions,
    int runtimeType) {
  /** "meta" read as a little-endian u32. */
  public static final int MAGIC = 0x6174656d;

  public RuntimeMetadata {
    pallets = List.copyOf(pallets);
    signedExtensions = List.copyOf(signedExtensions);
  }

  /** A signed extension: identifier, its explicit ("extra") type and its implicit type. */
  public record SignedExtension(String identifier, int type, int additionalSigned) {}

  /** The pallet named {@code name}, or null. */
  public PalletMetadata pallet(String name) {
    for (PalletMetadata p : pallets) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** {@code RuntimeMetadataPrefixed} bytes. */
  public byte[] toBytes() {
    ScaleWriter w = new ScaleWriter(1 << 16);
    w.u32(MAGIC).u8(14);
    types.encode(w);
    w.compact(pallets.size());
    for (PalletMetadata p : pallets) {
      w.str(p.name());
      if (p.storage().isEmpty()) {
        w.u8(0);
      } else {
        w.u8(1).str(p.name()).compact(p.storage().size());
        for (StorageEntry e : p.storage()) {
          w.str(e.name()).u8(e.optional() ? 0 : 1);
          if (e.keyType() < 0) {
            w.u8(0).compact(e.valueType());
          } else {
            w.u8(1).compact(e.hashers().size());
            e.hashers().forEach(h -> w.u8(h.ordinal()));
            w.compact(e.keyType()).compact(e.valueType());
          }
          w.bytes(e.defaultValue());
          docs(e.docs(), w);
        }
      }
      optType(p.callType(), w);
      optType(p.eventType(), w);
      w.compact(p.constants().size());
      for (PalletMetadata.Constant c : p.constants()) {
        w.str(c.name()).compact(c.type()).bytes(c.value());
        docs(c.docs(), w);
      }
      optType(p.errorType(), w);
      w.u8(p.index());
    }
    w.compact(extrinsicType).u8(extrinsicVersion).compact(signedExtensions.size());
    for (SignedExtension s : signedExtensions) {
      w.str(s.identifier()).compact(s.type()).compact(s.additionalSigned());
    }
    w.compact(runtimeType);
    return w.toByteArray();
  }

  private static void optType(int t, ScaleWriter w) {
    if (t < 0) {
      w.u8(0);
    } else {
      w.u8(1).compact(t);
    }
  }

  private static void docs(List<String> docs, ScaleWriter w) {
    w.compact(docs.size());
    docs.forEach(w::str);
  }
}
