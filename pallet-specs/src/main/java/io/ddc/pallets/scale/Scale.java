package io.ddc.pallets.scale;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SCALE codecs of Rust's primitive and generic types, bit-exact with {@code
 * parity-scale-codec}. Unsigned 8/16-bit values are {@code int}, {@code u32} and {@code u64} are
 * {@code long} ({@code u64} as its two's-complement bit pattern), 128-bit values are {@link
 * BigInteger}.
 *
 * <p>Bounds: every decoded length (vector, string, map) must not exceed the bytes that remain, so a
 * vector of zero-sized elements longer than its remaining input is refused (Rust would accept it).
 */
public final class Scale {
  private Scale() {}

  public static final Codec<Integer> U8 =
      Codec.of((v, w) -> w.u8(checkRange(v, 0, 0xff, "u8")), ScaleReader::u8);
  public static final Codec<Integer> U16 =
      Codec.of((v, w) -> w.u16(checkRange(v, 0, 0xffff, "u16")), ScaleReader::u16);
  public static final Codec<Long> U32 =
      Codec.of((v, w) -> w.u32(checkRange(v, 0, 0xffff_ffffL, "u32")), ScaleReader::u32);
  public static final Codec<Long> U64 = Codec.of((v, w) -> w.u64(v), ScaleReader::u64);
  public static final Codec<BigInteger> U128 = Codec.of((v, w) -> w.u128(v), ScaleReader::u128);
  public static final Codec<Byte> I8 = Codec.of((v, w) -> w.u8(v), r -> (byte) r.u8());
  public static final Codec<Short> I16 = Codec.of((v, w) -> w.u16(v), r -> (short) r.u16());
  public static final Codec<Integer> I32 = Codec.of((v, w) -> w.u32(v), r -> (int) r.u32());
  public static final Codec<Long> I64 = Codec.of((v, w) -> w.u64(v), ScaleReader::u64);
  public static final Codec<BigInteger> I128 = Codec.of((v, w) -> w.i128(v), ScaleReader::i128);
  public static final Codec<Boolean> BOOL = Codec.of((v, w) -> w.bool(v), ScaleReader::bool);

  /** {@code Compact<u128>} (and any narrower compact). */
  public static final Codec<BigInteger> COMPACT =
      Codec.of((v, w) -> w.compact(v), ScaleReader::compactBig);

  /** {@code Compact<u32>}/{@code Compact<u64>} up to 2^63-1. */
  public static final Codec<Long> COMPACT_LONG =
      Codec.of((v, w) -> w.compact(v), ScaleReader::compact);

  /** {@code Vec<u8>}. */
  public static final Codec<byte[]> BYTES = Codec.of((v, w) -> w.bytes(v), ScaleReader::bytes);

  /** {@code String}. */
  public static final Codec<String> STRING = Codec.of((v, w) -> w.str(v), ScaleReader::str);

  /** {@code ()}. */
  public static final Codec<Unit> UNIT = Codec.of((v, w) -> {}, r -> Unit.UNIT);

  /** {@code [u8; 32]} (AccountId32, H256). */
  public static final Codec<byte[]> BYTES32 = fixedBytes(32);

  /**
   * {@code Option<bool>}: one byte, 0 None, 1 Some(true), 2 Some(false), as parity-scale-codec
   * does.
   */
  public static final Codec<Optional<Boolean>> OPTION_BOOL =
      Codec.of(
          (v, w) -> w.u8(v.isEmpty() ? 0 : v.get() ? 1 : 2),
          r -> {
            int at = r.position();
            return switch (r.u8()) {
              case 0 -> Optional.empty();
              case 1 -> Optional.of(true);
              case 2 -> Optional.of(false);
              default -> throw new ScaleException("Option<bool> byte must be 0..2 at " + at);
            };
          });

  private static <N extends Number> N checkRange(N v, long min, long max, String type) {
    if (v.longValue() < min || v.longValue() > max) {
      throw new IllegalArgumentException(type + " out of range: " + v);
    }
    return v;
  }

  /** {@code [u8; n]}. */
  public static Codec<byte[]> fixedBytes(int n) {
    return Codec.of(
        (v, w) -> {
          if (v.length != n) {
            throw new IllegalArgumentException("[u8; " + n + "] given " + v.length + " bytes");
          }
          w.raw(v);
        },
        r -> r.raw(n));
  }

  /**
   * {@code Option<T>}: 0 None, 1 then the value. Use {@link #OPTION_BOOL} for {@code Option<bool>}.
   */
  public static <T> Codec<Optional<T>> option(Codec<T> c) {
    if (c == BOOL) {
      throw new IllegalArgumentException(
          "Option<bool> has its own encoding: use Scale.OPTION_BOOL");
    }
    return Codec.of(
        (v, w) -> {
          if (v.isPresent()) {
            w.u8(1);
            c.encode(v.get(), w);
          } else {
            w.u8(0);
          }
        },
        r -> {
          int at = r.position();
          return switch (r.u8()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(c.decode(r));
            default -> throw new ScaleException("Option tag must be 0 or 1 at " + at);
          };
        });
  }

  /** {@code Result<T, E>}. */
  public static <T, E> Codec<ScaleResult<T, E>> result(Codec<T> ok, Codec<E> err) {
    return Codec.of(
        (v, w) -> {
          switch (v) {
            case ScaleResult.Ok<T, E> o -> {
              w.u8(0);
              ok.encode(o.value(), w);
            }
            case ScaleResult.Err<T, E> e -> {
              w.u8(1);
              err.encode(e.error(), w);
            }
          }
        },
        r -> {
          int at = r.position();
          return switch (r.u8()) {
            case 0 -> ScaleResult.ok(ok.decode(r));
            case 1 -> ScaleResult.err(err.decode(r));
            default -> throw new ScaleException("Result tag must be 0 or 1 at " + at);
          };
        });
  }

  /** {@code Vec<T>} (also {@code BoundedVec}, {@code VecDeque}, {@code BTreeSet} in its order). */
  public static <T> Codec<List<T>> vec(Codec<T> c) {
    return Codec.of(
        (v, w) -> {
          w.compact(v.size());
          for (T t : v) {
            c.encode(t, w);
          }
        },
        r -> {
          int n = r.length();
          List<T> out = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            out.add(c.decode(r));
          }
          return out;
        });
  }

  /** {@code [T; n]}: the elements with no length prefix. */
  public static <T> Codec<List<T>> array(Codec<T> c, int n) {
    return Codec.of(
        (v, w) -> {
          if (v.size() != n) {
            throw new IllegalArgumentException("[T; " + n + "] given " + v.size() + " elements");
          }
          for (T t : v) {
            c.encode(t, w);
          }
        },
        r -> {
          List<T> out = new ArrayList<>(Math.min(n, r.remaining() + 1));
          for (int i = 0; i < n; i++) {
            out.add(c.decode(r));
          }
          return out;
        });
  }

  /** {@code (A, B)}. */
  public static <A, B> Codec<Tuple2<A, B>> tuple(Codec<A> a, Codec<B> b) {
    return Codec.of(
        (v, w) -> {
          a.encode(v.a(), w);
          b.encode(v.b(), w);
        },
        r -> new Tuple2<>(a.decode(r), b.decode(r)));
  }

  /** {@code (A, B, C)}. */
  public static <A, B, C> Codec<Tuple3<A, B, C>> tuple(Codec<A> a, Codec<B> b, Codec<C> c) {
    return Codec.of(
        (v, w) -> {
          a.encode(v.a(), w);
          b.encode(v.b(), w);
          c.encode(v.c(), w);
        },
        r -> new Tuple3<>(a.decode(r), b.decode(r), c.decode(r)));
  }

  /**
   * {@code BTreeMap<K, V>}: compact count, then the pairs in key order; {@code order} must be the
   * Rust key type's {@code Ord} (for unsigned integers held in signed Java types, an unsigned
   * comparison).
   */
  public static <K, V> Codec<SortedMap<K, V>> map(
      Codec<K> k, Codec<V> v, Comparator<? super K> order) {
    return Codec.of(
        (m, w) -> {
          List<Map.Entry<K, V>> entries = new ArrayList<>(m.entrySet());
          entries.sort(Map.Entry.comparingByKey(order));
          w.compact(entries.size());
          for (Map.Entry<K, V> e : entries) {
            k.encode(e.getKey(), w);
            v.encode(e.getValue(), w);
          }
        },
        r -> {
          int n = r.length();
          SortedMap<K, V> out = new TreeMap<>(order);
          for (int i = 0; i < n; i++) {
            out.put(k.decode(r), v.decode(r));
          }
          return out;
        });
  }

  /** A C-like enum whose variant bytes are {@code discriminants[i]} for {@code values[i]}. */
  public static <E extends Enum<E>> Codec<E> cEnum(Class<E> type, int... discriminants) {
    E[] values = type.getEnumConstants();
    if (discriminants.length == 0) {
      discriminants = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        discriminants[i] = i;
      }
    }
    if (discriminants.length != values.length) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + ": "
              + values.length
              + " constants, "
              + discriminants.length
              + " discriminants");
    }
    int[] byOrdinal = discriminants.clone();
    Object[] byByte = new Object[256];
    for (int i = 0; i < values.length; i++) {
      byByte[byOrdinal[i]] = values[i];
    }
    return Codec.of(
        (v, w) -> w.u8(byOrdinal[v.ordinal()]),
        r -> {
          int at = r.position();
          Object e = byByte[r.u8()];
          if (e == null) {
            throw new ScaleException("no " + type.getSimpleName() + " variant at " + at);
          }
          return type.cast(e);
        });
  }

  /** A lazily resolved codec, for recursive types. */
  public static <T> Codec<T> lazy(java.util.function.Supplier<Codec<T>> c) {
    return Codec.of((v, w) -> c.get().encode(v, w), r -> c.get().decode(r));
  }
}
