package io.ddc.pallets.scale;

/**
 * Rust's {@code Result<T, E>}: variant 0 {@code Ok}, variant 1 {@code Err}.
 *
 * @param <T> the success type
 * @param <E> the error type
 */
public sealed interface ScaleResult<T, E> {
  /** The success variant. */
  record Ok<T, E>(T value) implements ScaleResult<T, E> {}

  /** The error variant. */
  record Err<T, E>(E error) implements ScaleResult<T, E> {}

  static <T, E> ScaleResult<T, E> ok(T value) {
    return new Ok<>(value);
  }

  static <T, E> ScaleResult<T, E> err(E error) {
    return new Err<>(error);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }
}
