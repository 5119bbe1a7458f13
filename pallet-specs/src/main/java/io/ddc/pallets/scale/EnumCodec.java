package io.ddc.pallets.scale;

import java.util.HashMap;
import java.util.Map;

/**
 * A Rust enum with data: one variant byte, then the variant's fields. Each variant is a Java class
 * (typically a record implementing a sealed interface) with its own codec.
 *
 * @param <T> the common supertype of the variants
 */
public final class EnumCodec<T> implements Codec<T> {
  private final String name;
  private final Codec<?>[] byIndex = new Codec<?>[256];
  private final Map<Class<?>, Integer> indexOf = new HashMap<>();

  private EnumCodec(String name) {
    this.name = name;
  }

  /** Starts an enum codec; {@code name} appears in error messages. */
  public static <T> EnumCodec<T> named(String name) {
    return new EnumCodec<>(name);
  }

  /** Adds variant {@code index} held by Java class {@code type}. */
  public <S extends T> EnumCodec<T> variant(int index, Class<S> type, Codec<S> codec) {
    if (index < 0 || index > 255 || byIndex[index] != null || indexOf.containsKey(type)) {
      throw new IllegalArgumentException(
          name
              + ": variant "
              + index
              + " ("
              + type.getSimpleName()
              + ") clashes or is out of range");
    }
    byIndex[index] = codec;
    indexOf.put(type, index);
    return this;
  }

  /** A fieldless variant held by a single instance. */
  public <S extends T> EnumCodec<T> unit(int index, Class<S> type, S instance) {
    return variant(index, type, Codec.of((v, w) -> {}, r -> instance));
  }

  /** The variant index of {@code value}. */
  public int indexOf(T value) {
    Integer i = indexOf.get(value.getClass());
    if (i == null) {
      throw new IllegalArgumentException(
          name + " has no variant for " + value.getClass().getName());
    }
    return i;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void encode(T value, ScaleWriter out) {
    int i = indexOf(value);
    out.u8(i);
    ((Codec<T>) byIndex[i]).encode(value, out);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T decode(ScaleReader in) {
    int at = in.position();
    int i = in.u8();
    Codec<?> c = byIndex[i];
    if (c == null) {
      throw new ScaleException(name + " has no variant " + i + " (at " + at + ")");
    }
    return ((Codec<T>) c).decode(in);
  }
}
