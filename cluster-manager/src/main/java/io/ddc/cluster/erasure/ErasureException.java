package io.ddc.cluster.erasure;

/**
 * Thrown when shards cannot be decoded: too few valid shards, or shards that contradict each other
 * or the shard format (docs/spec/placement.md §5). Carries the numbers the caller needs next.
 */
public class ErasureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int available;
  private final int required;

  /** A failure with the count of usable shards and the count the code needs. */
  public ErasureException(String message, int available, int required) {
    super(message);
    this.available = available;
    this.required = required;
  }

  /** Shards that were usable (present and intact). */
  public int available() {
    return available;
  }

  /** Shards the code needs to reconstruct (its {@code k}). */
  public int required() {
    return required;
  }
}
