package io.ddc.storage;

/** Base of the storage engine's exceptions (unchecked). */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that carries the numbers. */
  public StoreException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
