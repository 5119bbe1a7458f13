package io.ddc.storage;

/**
 * A write would exceed the configured capacity, the piece size limit, or the disk's free space;
 * nothing was stored.
 */
public class CapacityExceededException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** With a message that carries the numbers. */
  public CapacityExceededException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public CapacityExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
