package io.ddc.pallets.scale;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Encodes and decodes one Rust type in SCALE. Implementations are immutable and thread-safe;
 * decoding fails only with {@link ScaleException}.
 *
 * @param <T> the Java form of the type
 */
public interface Codec<T> {
  /** Appends {@code value}'s encoding to {@code out}. */
  void encode(T value, ScaleWriter out);

  /** Reads one value from {@code in}. */
  T decode(ScaleReader in);

  /** {@code value}'s encoding. */
  default byte[] toBytes(T value) {
    ScaleWriter w = new ScaleWriter();
    encode(value, w);
    return w.toByteArray();
  }

  /** Decodes a value that must span all of {@code bytes}. */
  default T fromBytes(byte[] bytes) {
    ScaleReader r = new ScaleReader(bytes);
    T v = decode(r);
    r.expectEnd();
    return v;
  }

  /** The same encoding seen as another Java type. */
  default <R> Codec<R> map(
      Function<? super T, ? extends R> onDecode, Function<? super R, ? extends T> onEncode) {
    Codec<T> self = this;
    return of((v, w) -> self.encode(onEncode.apply(v), w), r -> onDecode.apply(self.decode(r)));
  }

  /** A codec from two functions. */
  static <T> Codec<T> of(
      BiConsumer<? super T, ScaleWriter> encoder, Function<ScaleReader, ? extends T> decoder) {
    return new Codec<>() {
      @Override
      public void encode(T value, ScaleWriter out) {
        encoder.accept(value, out);
      }

      @Override
      public T decode(ScaleReader in) {
        return decoder.apply(in);
      }
    };
  }
}
