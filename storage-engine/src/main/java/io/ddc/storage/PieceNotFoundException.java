package io.ddc.storage;

/** No piece with the requested CID is stored. */
public class PieceNotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** With a message that carries the numbers. */
  public PieceNotFoundException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public PieceNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
