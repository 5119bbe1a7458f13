package io.ddc.chain.client;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain's runtime metadata (SCALE {@code RuntimeMetadataPrefixed}, version 14) and a decoder
 * driven by its type registry. This is what lets the client read events, errors and storage of any
 * Cere runtime without hard-coded layouts.
 */
public final class Metadata {
  /* Decoded shapes: bool → Boolean; u8/u16/u32 → Integer/Long; u64/u128/u256 and signed → BigInteger (i8..i32 →
   * Long); str → String; Vec<u8>/[u8; n] → byte[]; other sequences, arrays, tuples → List; composites with named
   * fields → LinkedHashMap, with one unnamed field → that value, with several → List; enums → Variant; Compact<T> →
   * BigInteger. */
  private static final int MAGIC = 0x6174656d; // "meta" little-endian

  /** A storage entry's hashers and types. */
  public record StorageEntry(
      String pallet, String name, List<String> hashers, int keyType, int valueType, byte[] def) {}

  /** A pallet's name, index and type ids ({@code -1} when absent). */
  public record Pallet(
      String name,
      int index,
      int callType,
      int eventType,
      int errorType,
      Map<String, StorageEntry> storage) {}

  /** A signed extension as the metadata lists it. */
  public record SignedExtension(String identifier, int type, int additionalSigned) {}

  private sealed interface TypeDef {}

  private record Field(String name, int type) {}

  private record Composite(List<Field> fields) implements TypeDef {}

  private record VariantDef(String name, int index, List<Field> fields, String docs) {}

  private record Enum(Map<Integer, VariantDef> variants) implements TypeDef {}

  private record Sequence(int type) implements TypeDef {}

  private record Array(int len, int type) implements TypeDef {}

  private record Tuple(List<Integer> types) implements TypeDef {}

  private record Primitive(int kind) implements TypeDef {}

  private record CompactDef(int type) implements TypeDef {}

  private record BitSequence(int store, int order) implements TypeDef {}

  private static final String[] HASHERS = {
    "Blake2_128", "Blake2_256", "Blake2_128Concat", "Twox128", "Twox256", "Twox64Concat", "Identity"
  };

  private final Map<Integer, TypeDef> types = new HashMap<>();
  private final Map<Integer, List<String>> paths = new HashMap<>();
  private final Map<String, Pallet> pallets = new LinkedHashMap<>();
  private final Map<Integer, Pallet> palletsByIndex = new HashMap<>();
  private final List<SignedExtension> signedExtensions = new ArrayList<>();
  private int extrinsicVersion;

  private Metadata() {}

  /**
   * Parses {@code RuntimeMetadataPrefixed} bytes (V14); throws {@link ChainException} otherwise.
   */
  public static Metadata parse(byte[] bytes) {
    Metadata m = new Metadata();
    ScaleInput in = new ScaleInput(bytes);
    long magic = in.u32();
    if (magic != MAGIC) {
      throw new ChainException("metadata does not start with \"meta\"");
    }
    int version = in.u8();
    if (version != 14) {
      throw new ChainException("metadata version " + version + " is not supported (14 is)");
    }
    int n = in.compactInt();
    for (int i = 0; i < n; i++) {
      int id = in.compactInt();
      int pathLen = in.compactInt();
      List<String> path = new ArrayList<>();
      for (int j = 0; j < pathLen; j++) {
        path.add(in.string());
      }
      int params = in.compactInt();
      for (int j = 0; j < params; j++) {
        in.string();
        if (in.u8() == 1) {
          in.compactInt();
        }
      }
      m.types.put(id, readDef(in));
      m.paths.put(id, path);
      skipDocs(in);
    }
    int np = in.compactInt();
    for (int i = 0; i < np; i++) {
      String name = in.string();
      Map<String, StorageEntry> storage = new LinkedHashMap<>();
      if (in.u8() == 1) {
        in.string(); // prefix
        int ne = in.compactInt();
        for (int j = 0; j < ne; j++) {
          String entry = in.string();
          in.u8(); // modifier
          int kind = in.u8();
          List<String> hashers = new ArrayList<>();
          int keyType = -1;
          int valueType;
          if (kind == 0) {
            valueType = in.compactInt();
          } else {
            int nh = in.compactInt();
            for (int k = 0; k < nh; k++) {
              int h = in.u8();
              if (h >= HASHERS.length) {
                throw new ChainException(
                    "unknown storage hasher " + h + " in " + name + "." + entry);
              }
              hashers.add(HASHERS[h]);
            }
            keyType = in.compactInt();
            valueType = in.compactInt();
          }
          byte[] def = in.vecU8();
          skipDocs(in);
          storage.put(
              entry, new StorageEntry(name, entry, List.copyOf(hashers), keyType, valueType, def));
        }
      }
      int calls = in.u8() == 1 ? in.compactInt() : -1;
      int event = in.u8() == 1 ? in.compactInt() : -1;
      int nc = in.compactInt();
      for (int j = 0; j < nc; j++) {
        in.string();
        in.compactInt();
        in.vecU8();
        skipDocs(in);
      }
      int error = in.u8() == 1 ? in.compactInt() : -1;
      int index = in.u8();
      Pallet p = new Pallet(name, index, calls, event, error, Collections.unmodifiableMap(storage));
      m.pallets.put(name, p);
      m.palletsByIndex.put(index, p);
    }
    in.compactInt(); // extrinsic type
    m.extrinsicVersion = in.u8();
    int ns = in.compactInt();
    for (int i = 0; i < ns; i++) {
      m.signedExtensions.add(new SignedExtension(in.string(), in.compactInt(), in.compactInt()));
    }
    return m;
  }

  private static void skipDocs(ScaleInput in) {
    int n = in.compactInt();
    for (int i = 0; i < n; i++) {
      in.vecU8();
    }
  }

  private static String docs(ScaleInput in) {
    int n = in.compactInt();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(in.string().trim());
    }
    return b.toString();
  }

  private static List<Field> fields(ScaleInput in) {
    int n = in.compactInt();
    List<Field> out = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      String name = in.optString();
      int type = in.compactInt();
      in.optString(); // type name
      skipDocs(in);
      out.add(new Field(name, type));
    }
    return out;
  }

  private static TypeDef readDef(ScaleInput in) {
    int tag = in.u8();
    switch (tag) {
      case 0:
        return new Composite(fields(in));
      case 1:
        {
          int n = in.compactInt();
          Map<Integer, VariantDef> vs = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            String name = in.string();
            List<Field> f = fields(in);
            int index = in.u8();
            String d = docs(in);
            vs.put(index, new VariantDef(name, index, f, d));
          }
          return new Enum(vs);
        }
      case 2:
        return new Sequence(in.compactInt());
      case 3:
        {
          long len = in.u32();
          if (len > Integer.MAX_VALUE) {
            throw new ChainException("array length " + len + " too large");
          }
          return new Array((int) len, in.compactInt());
        }
      case 4:
        {
          int n = in.compactInt();
          List<Integer> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ts.add(in.compactInt());
          }
          return new Tuple(ts);
        }
      case 5:
        return new Primitive(in.u8());
      case 6:
        return new CompactDef(in.compactInt());
      case 7:
        return new BitSequence(in.compactInt(), in.compactInt());
      default:
        throw new ChainException("unknown metadata type definition tag " + tag);
    }
  }

  /** The pallet named {@code name}, or null. */
  public Pallet pallet(String name) {
    return pallets.get(name);
  }

  /** The pallet at {@code index}, or null. */
  public Pallet pallet(int index) {
    return palletsByIndex.get(index);
  }

  /** A storage entry, or null. */
  public StorageEntry storage(String pallet, String item) {
    Pallet p = pallets.get(pallet);
    return p == null ? null : p.storage().get(item);
  }

  /**
   * The two index bytes of {@code pallet.call} ({@code call} in snake case, as the metadata names
   * it); {@link ChainException} when the runtime has no such call.
   */
  public byte[] callIndex(String pallet, String call) {
    Pallet p = pallets.get(pallet);
    if (p != null && p.callType() >= 0 && types.get(p.callType()) instanceof Enum e) {
      for (VariantDef v : e.variants().values()) {
        if (v.name().equals(call)) {
          return new byte[] {(byte) p.index(), (byte) v.index()};
        }
      }
    }
    throw new ChainException("the runtime has no call " + pallet + "." + call);
  }

  /** The signed extensions, in encoding order. */
  public List<SignedExtension> signedExtensions() {
    return Collections.unmodifiableList(signedExtensions);
  }

  /** The extrinsic format version the metadata declares (4). */
  public int extrinsicVersion() {
    return extrinsicVersion;
  }

  /** True when type {@code id} encodes to nothing (the unit tuple or an empty composite). */
  boolean isEmptyType(int id) {
    TypeDef d = types.get(id);
    return (d instanceof Tuple t && t.types().isEmpty())
        || (d instanceof Composite c && c.fields().isEmpty());
  }

  /** Decodes one value of type {@code id} from {@code bytes}; all bytes must be used. */
  public Object decode(int id, byte[] bytes) {
    ScaleInput in = new ScaleInput(bytes);
    Object v = decode(id, in);
    if (in.remaining() != 0) {
      throw new ChainException(in.remaining() + " bytes left after decoding type " + id);
    }
    return v;
  }

  Object decode(int id, ScaleInput in) {
    TypeDef d = types.get(id);
    if (d == null) {
      throw new ChainException("type " + id + " is not in the metadata");
    }
    return switch (d) {
      case Composite c -> decodeFields(c.fields(), in);
      case Enum e -> {
        int idx = in.u8();
        VariantDef v = e.variants().get(idx);
        if (v == null) {
          throw new ChainException(
              "variant " + idx + " of type " + id + " " + paths.get(id) + " does not exist");
        }
        yield new Variant(v.name(), idx, decodeFields(v.fields(), in));
      }
      case Sequence s -> {
        int n = in.compactInt();
        if (isU8(s.type())) {
          yield in.bytes(n);
        }
        List<Object> out = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
          out.add(decode(s.type(), in));
        }
        yield out;
      }
      case Array a -> {
        if (isU8(a.type())) {
          yield in.bytes(a.len());
        }
        List<Object> out = new ArrayList<>(Math.min(a.len(), 4096));
        for (int i = 0; i < a.len(); i++) {
          out.add(decode(a.type(), in));
        }
        yield out;
      }
      case Tuple t -> {
        List<Object> out = new ArrayList<>(t.types().size());
        for (int ty : t.types()) {
          out.add(decode(ty, in));
        }
        yield t.types().isEmpty() ? null : out;
      }
      case Primitive p -> primitive(p.kind(), in);
      case CompactDef c -> in.compactBig();
      case BitSequence b -> {
        int bits = in.compactInt();
        yield in.bytes((bits + 7) / 8);
      }
    };
  }

  private boolean isU8(int id) {
    return types.get(id) instanceof Primitive p && p.kind() == 3;
  }

  private Object decodeFields(List<Field> fields, ScaleInput in) {
    if (fields.isEmpty()) {
      return null;
    }
    if (fields.get(0).name() == null) {
      if (fields.size() == 1) {
        return decode(fields.get(0).type(), in);
      }
      List<Object> out = new ArrayList<>(fields.size());
      for (Field f : fields) {
        out.add(decode(f.type(), in));
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : fields) {
      out.put(f.name(), decode(f.type(), in));
    }
    return out;
  }

  private static Object primitive(int kind, ScaleInput in) {
    return switch (kind) {
      case 0 -> in.bool();
      case 1 -> (char) in.u32();
      case 2 -> in.string();
      case 3 -> in.u8();
      case 4 -> in.u16();
      case 5 -> in.u32();
      case 6 -> in.uint(8);
      case 7 -> in.uint(16);
      case 8 -> in.uint(32);
      case 9 -> (long) (byte) in.u8();
      case 10 -> (long) (short) in.u16();
      case 11 -> (long) (int) in.u32();
      case 12 -> in.sint(8);
      case 13 -> in.sint(16);
      case 14 -> in.sint(32);
      default -> throw new ChainException("unknown primitive kind " + kind);
    };
  }

  /** Decodes the {@code System.Events} value. */
  public List<EventRecord> decodeEvents(byte[] value) {
    StorageEntry e = storage("System", "Events");
    if (e == null) {
      throw new ChainException("the metadata has no System.Events");
    }
    Object v = decode(e.valueType(), value);
    List<EventRecord> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      @SuppressWarnings("unchecked")
      Map<String, Object> rec = (Map<String, Object>) o;
      Variant phase = (Variant) rec.get("phase");
      int idx = "ApplyExtrinsic".equals(phase.name()) ? ((Number) phase.value()).intValue() : -1;
      Variant palletEvent = (Variant) rec.get("event");
      Variant event = (Variant) palletEvent.value();
      out.add(new EventRecord(idx, palletEvent.name(), event.name(), event.value()));
    }
    return out;
  }

  /**
   * The exception for a decoded {@code DispatchError}: a module error is named from the pallet's
   * error enum (the first byte of {@code error} is the variant index).
   */
  public ExtrinsicFailedException dispatchError(Object dispatchError, String blockHash) {
    Variant v = (Variant) dispatchError;
    if ("Module".equals(v.name())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> me = (Map<String, Object>) v.value();
      int index = ((Number) me.get("index")).intValue();
      Object err = me.get("error");
      int errIndex = err instanceof byte[] b ? b[0] & 0xff : ((Number) err).intValue();
      Pallet p = palletsByIndex.get(index);
      if (p != null && p.errorType() >= 0 && types.get(p.errorType()) instanceof Enum en) {
        VariantDef vd = en.variants().get(errIndex);
        if (vd != null) {
          return new ExtrinsicFailedException(p.name(), vd.name(), vd.docs(), blockHash);
        }
      }
      return new ExtrinsicFailedException(
          p == null ? "pallet#" + index : p.name(), "error#" + errIndex, null, blockHash);
    }
    String detail =
        v.value() instanceof Variant inner ? v.name() + "(" + inner.name() + ")" : v.name();
    return new ExtrinsicFailedException(null, detail, null, blockHash);
  }

  static BigInteger toBig(Object o) {
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }
}
