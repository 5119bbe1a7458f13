package io.ddc.pallets.metadata;

import io.ddc.pallets.metadata.TypeDef.Field;
import io.ddc.pallets.metadata.TypeDef.Primitive;
import io.ddc.pallets.metadata.TypeDef.VariantDef;
import io.ddc.pallets.scale.Codec;
import io.ddc.pallets.scale.ScaleException;
import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scale-info portable type registry under construction, and a value codec driven by it. Types are
 * numbered in registration order from 0; identical anonymous types (sequences, tuples, ...) and
 * identical named types (same path, params and definition) share one id.
 *
 * <p>Values: {@code bool} → Boolean; {@code u8}/{@code u16} → Integer; {@code u32}/{@code u64} →
 * Long ({@code u64} as its bit pattern); {@code u128} and compacts → BigInteger; signed up to 64
 * bits → Long, wider → BigInteger; {@code str} → String; {@code Vec<u8>} and {@code [u8; n]} →
 * byte[]; other sequences, arrays, tuples → List; composites → null (no fields), the value (one
 * unnamed field), List (several unnamed), LinkedHashMap (named); enums → {@link EnumValue}.
 * Encoding accepts any {@link Number} for integers.
 */
public final class TypeRegistry {
  /** Decoding depth beyond which input is refused (nested calls in batches). */
  public static final int MAX_DEPTH = 64;

  /** One registered type. */
  public record PortableType(
      int id, List<String> path, List<Param> params, TypeDef def, List<String> docs) {}

  /** A generic parameter: name and type id (or -1 when erased). */
  public record Param(String name, int type) {}

  private final List<PortableType> types = new ArrayList<>();
  private final Map<Object, Integer> dedup = new HashMap<>();

  /** Registers (or finds) a type. */
  public int add(List<String> path, List<Param> params, TypeDef def) {
    Object key = List.of(path, params, def);
    Integer id = dedup.get(key);
    if (id != null) {
      return id;
    }
    int n = types.size();
    types.add(new PortableType(n, List.copyOf(path), List.copyOf(params), def, List.of()));
    dedup.put(key, n);
    return n;
  }

  /** Registers an anonymous type. */
  public int add(TypeDef def) {
    return add(List.of(), List.of(), def);
  }

  /** Reserves an id for a type defined later with {@link #define} (recursive types). */
  public int reserve() {
    int n = types.size();
    types.add(null);
    return n;
  }

  /** Defines a reserved id. */
  public void define(int id, List<String> path, List<Param> params, TypeDef def) {
    if (types.get(id) != null) {
      throw new IllegalStateException("type " + id + " is already defined");
    }
    types.set(id, new PortableType(id, List.copyOf(path), List.copyOf(params), def, List.of()));
    dedup.put(List.of(path, params, def), id);
  }

  public int primitive(Primitive p) {
    return add(new TypeDef.Prim(p));
  }

  public int compact(int type) {
    return add(new TypeDef.Compact(type));
  }

  public int sequence(int type) {
    return add(new TypeDef.Sequence(type));
  }

  public int array(int len, int type) {
    return add(new TypeDef.Array(len, type));
  }

  public int tuple(Integer... ts) {
    return add(new TypeDef.Tuple(Arrays.asList(ts)));
  }

  /** {@code Option<T>} with scale-info's path and parameter. */
  public int option(int type) {
    return add(
        List.of("Option"),
        List.of(new Param("T", type)),
        new TypeDef.Variant(
            List.of(
                new VariantDef("None", List.of(), 0, List.of()),
                new VariantDef("Some", List.of(Field.unnamed(type, null)), 1, List.of()))));
  }

  /** {@code Result<T, E>}. */
  public int result(int ok, int err) {
    return add(
        List.of("Result"),
        List.of(new Param("T", ok), new Param("E", err)),
        new TypeDef.Variant(
            List.of(
                new VariantDef("Ok", List.of(Field.unnamed(ok, null)), 0, List.of()),
                new VariantDef("Err", List.of(Field.unnamed(err, null)), 1, List.of()))));
  }

  /** The type with id {@code id}. */
  public PortableType get(int id) {
    if (id < 0 || id >= types.size() || types.get(id) == null) {
      throw new IllegalArgumentException("type " + id + " is not registered");
    }
    return types.get(id);
  }

  public int size() {
    return types.size();
  }

  /** Writes the {@code PortableRegistry}. */
  public void encode(ScaleWriter w) {
    w.compact(types.size());
    for (PortableType t : types) {
      if (t == null) {
        throw new IllegalStateException("a reserved type id was never defined");
      }
      w.compact(t.id());
      w.compact(t.path().size());
      t.path().forEach(w::str);
      w.compact(t.params().size());
      for (Param p : t.params()) {
        w.str(p.name());
        if (p.type() < 0) {
          w.u8(0);
        } else {
          w.u8(1).compact(p.type());
        }
      }
      encodeDef(t.def(), w);
      docs(t.docs(), w);
    }
  }

  private static void docs(List<String> docs, ScaleWriter w) {
    w.compact(docs.size());
    docs.forEach(w::str);
  }

  private static void fields(List<Field> fs, ScaleWriter w) {
    w.compact(fs.size());
    for (Field f : fs) {
      optStr(f.name(), w);
      w.compact(f.type());
      optStr(f.typeName(), w);
      docs(f.docs(), w);
    }
  }

  private static void optStr(String s, ScaleWriter w) {
    if (s == null) {
      w.u8(0);
    } else {
      w.u8(1).str(s);
    }
  }

  private static void encodeDef(TypeDef def, ScaleWriter w) {
    switch (def) {
      case TypeDef.Composite c -> {
        w.u8(0);
        fields(c.fields(), w);
      }
      case TypeDef.Variant v -> {
        w.u8(1).compact(v.variants().size());
        for (VariantDef vd : v.variants()) {
          w.str(vd.name());
          fields(vd.fields(), w);
          w.u8(vd.index());
          docs(vd.docs(), w);
        }
      }
      case TypeDef.Sequence s -> w.u8(2).compact(s.type());
      case TypeDef.Array a -> w.u8(3).u32(a.len()).compact(a.type());
      case TypeDef.Tuple t -> {
        w.u8(4).compact(t.types().size());
        t.types().forEach(w::compact);
      }
      case TypeDef.Prim p -> w.u8(5).u8(p.primitive().ordinal());
      case TypeDef.Compact c -> w.u8(6).compact(c.type());
    }
  }

  /** A codec for values of type {@code id} (see the class comment for the Java shapes). */
  public Codec<Object> codec(int id) {
    get(id);
    return Codec.of((v, w) -> encodeValue(id, v, w), r -> decodeValue(id, r, 0));
  }

  private boolean isU8(int id) {
    return get(id).def() instanceof TypeDef.Prim p && p.primitive() == Primitive.U8;
  }

  /** Encodes {@code value} as type {@code id}. */
  public void encodeValue(int id, Object value, ScaleWriter w) {
    TypeDef def = get(id).def();
    switch (def) {
      case TypeDef.Composite c -> encodeFields(id, c.fields(), value, w);
      case TypeDef.Variant v -> {
        EnumValue ev = (EnumValue) value;
        VariantDef vd = v.named(ev.name());
        if (vd == null) {
          throw new IllegalArgumentException(
              "type " + id + " " + get(id).path() + " has no variant " + ev.name());
        }
        w.u8(vd.index());
        encodeFields(id, vd.fields(), ev.value(), w);
      }
      case TypeDef.Sequence s -> {
        if (isU8(s.type())) {
          w.bytes((byte[]) value);
        } else {
          List<?> l = (List<?>) value;
          w.compact(l.size());
          for (Object o : l) {
            encodeValue(s.type(), o, w);
          }
        }
      }
      case TypeDef.Array a -> {
        if (isU8(a.type())) {
          byte[] b = (byte[]) value;
          if (b.length != a.len()) {
            throw new IllegalArgumentException(
                "[u8; " + a.len() + "] given " + b.length + " bytes");
          }
          w.raw(b);
        } else {
          List<?> l = (List<?>) value;
          if (l.size() != a.len()) {
            throw new IllegalArgumentException("[T; " + a.len() + "] given " + l.size());
          }
          for (Object o : l) {
            encodeValue(a.type(), o, w);
          }
        }
      }
      case TypeDef.Tuple t -> {
        if (t.types().size() == 1) {
          encodeValue(t.types().get(0), value, w);
        } else if (!t.types().isEmpty()) {
          List<?> l = (List<?>) value;
          for (int i = 0; i < t.types().size(); i++) {
            encodeValue(t.types().get(i), l.get(i), w);
          }
        }
      }
      case TypeDef.Prim p -> encodePrimitive(p.primitive(), value, w);
      case TypeDef.Compact c -> w.compact(big(value));
    }
  }

  private void encodeFields(int id, List<Field> fields, Object value, ScaleWriter w) {
    if (fields.isEmpty()) {
      return;
    }
    if (fields.size() == 1 && fields.get(0).name() == null) {
      encodeValue(fields.get(0).type(), value, w);
    } else if (fields.get(0).name() == null) {
      List<?> l = (List<?>) value;
      for (int i = 0; i < fields.size(); i++) {
        encodeValue(fields.get(i).type(), l.get(i), w);
      }
    } else {
      Map<?, ?> m = (Map<?, ?>) value;
      for (Field f : fields) {
        if (!m.containsKey(f.name())) {
          throw new IllegalArgumentException(
              "type " + id + " " + get(id).path() + ": field " + f.name() + " missing");
        }
        encodeValue(f.type(), m.get(f.name()), w);
      }
    }
  }

  private static BigInteger big(Object v) {
    return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
  }

  private static void encodePrimitive(Primitive p, Object v, ScaleWriter w) {
    switch (p) {
      case BOOL -> w.bool((Boolean) v);
      case STR -> w.str((String) v);
      case CHAR -> w.u32((Character) v);
      case U8, I8 -> w.u8(((Number) v).intValue());
      case U16, I16 -> w.u16(((Number) v).intValue());
      case U32, I32 -> w.u32(((Number) v).longValue());
      case U64, I64 -> w.u64(((Number) v).longValue());
      case U128 -> w.u128(big(v));
      case I128 -> w.i128(big(v));
      case U256, I256 -> {
        byte[] be = big(v).toByteArray();
        for (int i = 0; i < 32; i++) {
          int j = be.length - 1 - i;
          w.u8(j >= 0 ? be[j] : (big(v).signum() < 0 ? 0xff : 0));
        }
      }
    }
  }

  /** Decodes one value of type {@code id}. */
  public Object decodeValue(int id, ScaleReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ScaleException("values nested deeper than " + MAX_DEPTH + " at " + r.position());
    }
    TypeDef def = get(id).def();
    return switch (def) {
      case TypeDef.Composite c -> decodeFields(c.fields(), r, depth);
      case TypeDef.Variant v -> {
        int at = r.position();
        int idx = r.u8();
        VariantDef vd = v.at(idx);
        if (vd == null) {
          throw new ScaleException(
              "type " + id + " " + get(id).path() + " has no variant " + idx + " (at " + at + ")");
        }
        yield new EnumValue(vd.name(), decodeFields(vd.fields(), r, depth));
      }
      case TypeDef.Sequence s -> {
        if (isU8(s.type())) {
          yield r.bytes();
        }
        int n = r.length();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(decodeValue(s.type(), r, depth + 1));
        }
        yield out;
      }
      case TypeDef.Array a -> {
        if (isU8(a.type())) {
          yield r.raw(a.len());
        }
        List<Object> out = new ArrayList<>(Math.min(a.len(), r.remaining() + 1));
        for (int i = 0; i < a.len(); i++) {
          out.add(decodeValue(a.type(), r, depth + 1));
        }
        yield out;
      }
      case TypeDef.Tuple t -> {
        if (t.types().isEmpty()) {
          yield null;
        }
        if (t.types().size() == 1) {
          yield decodeValue(t.types().get(0), r, depth + 1);
        }
        List<Object> out = new ArrayList<>(t.types().size());
        for (int ty : t.types()) {
          out.add(decodeValue(ty, r, depth + 1));
        }
        yield out;
      }
      case TypeDef.Prim p -> decodePrimitive(p.primitive(), r);
      case TypeDef.Compact c -> r.compactBig();
    };
  }

  private Object decodeFields(List<Field> fields, ScaleReader r, int depth) {
    if (fields.isEmpty()) {
      return null;
    }
    if (fields.size() == 1 && fields.get(0).name() == null) {
      return decodeValue(fields.get(0).type(), r, depth + 1);
    }
    if (fields.get(0).name() == null) {
      List<Object> out = new ArrayList<>(fields.size());
      for (Field f : fields) {
        out.add(decodeValue(f.type(), r, depth + 1));
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : fields) {
      out.put(f.name(), decodeValue(f.type(), r, depth + 1));
    }
    return out;
  }

  private static Object decodePrimitive(Primitive p, ScaleReader r) {
    return switch (p) {
      case BOOL -> r.bool();
      case STR -> r.str();
      case CHAR -> {
        long c = r.u32();
        if (c > 0xffff) {
          throw new ScaleException("char " + c + " outside the basic plane");
        }
        yield (char) c;
      }
      case U8 -> r.u8();
      case U16 -> r.u16();
      case U32 -> r.u32();
      case U64 -> r.u64();
      case U128 -> r.u128();
      case I8 -> (long) (byte) r.u8();
      case I16 -> (long) (short) r.u16();
      case I32 -> (long) (int) r.u32();
      case I64 -> r.u64();
      case I128 -> r.i128();
      case U256, I256 -> {
        byte[] le = r.raw(32);
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
          be[32 - i] = le[i];
        }
        BigInteger u = new BigInteger(be);
        yield p == Primitive.I256 && u.testBit(255) ? u.subtract(BigInteger.ONE.shiftLeft(256)) : u;
      }
    };
  }
}
