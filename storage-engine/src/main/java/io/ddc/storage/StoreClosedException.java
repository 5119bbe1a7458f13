package io.ddc.storage;

/** The store (or region) was closed. */
public class StoreClosedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** With a message that carries the numbers. */
  public StoreClosedException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public StoreClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
