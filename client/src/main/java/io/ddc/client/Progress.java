package io.ddc.client;

/** Progress of a long transfer; called on the client's context, must not block. */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} bytes transferred ({@code total} may be -1 when unknown). */
  void update(long done, long total);

  /** Ignores updates. */
  Progress NONE = (d, t) -> {};
}
