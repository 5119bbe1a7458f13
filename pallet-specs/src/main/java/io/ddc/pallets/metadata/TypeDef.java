package io.ddc.pallets.metadata;

import java.util.List;

/** A scale-info type definition (the {@code TypeDef} of metadata V14), variant order as encoded. */
public sealed interface TypeDef {
  /** A struct; fields with names, or a tuple struct with unnamed fields. */
  record Composite(List<Field> fields) implements TypeDef {
    public Composite {
      fields = List.copyOf(fields);
    }
  }

  /** An enum. */
  record Variant(List<VariantDef> variants) implements TypeDef {
    public Variant {
      variants = List.copyOf(variants);
    }

    /** The variant named {@code name}, or null. */
    public VariantDef named(String name) {
      for (VariantDef v : variants) {
        if (v.name().equals(name)) {
          return v;
        }
      }
      return null;
    }

    /** The variant with byte {@code index}, or null. */
    public VariantDef at(int index) {
      for (VariantDef v : variants) {
        if (v.index() == index) {
          return v;
        }
      }
      return null;
    }
  }

  /** {@code Vec<T>}. */
  record Sequence(int type) implements TypeDef {}

  /** {@code [T; len]}. */
  record Array(int len, int type) implements TypeDef {}

  /** {@code (A, B, ...)}. */
  record Tuple(List<Integer> types) implements TypeDef {
    public Tuple {
      types = List.copyOf(types);
    }
  }

  /** A primitive. */
  record Prim(Primitive primitive) implements TypeDef {}

  /** {@code Compact<T>}. */
  record Compact(int type) implements TypeDef {}

  /** A struct or variant field. */
  record Field(String name, int type, String typeName, List<String> docs) {
    public Field {
      docs = List.copyOf(docs);
    }

    public static Field named(String name, int type, String typeName) {
      return new Field(name, type, typeName, List.of());
    }

    public static Field unnamed(int type, String typeName) {
      return new Field(null, type, typeName, List.of());
    }
  }

  /** One enum variant: name, fields, byte index, docs. */
  record VariantDef(String name, List<Field> fields, int index, List<String> docs) {
    public VariantDef {
      fields = List.copyOf(fields);
      docs = List.copyOf(docs);
      if (index < 0 || index > 255) {
        throw new IllegalArgumentException(
            "variant index " + index + " of " + name + " is not a byte");
      }
    }
  }

  /** scale-info's primitive kinds in their encoded order. */
  enum Primitive {
    BOOL,
    CHAR,
    STR,
    U8,
    U16,
    U32,
    U64,
    U128,
    U256,
    I8,
    I16,
    I32,
    I64,
    I128,
    I256
  }
}
