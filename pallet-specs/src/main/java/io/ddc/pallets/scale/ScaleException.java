package io.ddc.pallets.scale;

/**
 * Malformed SCALE input: truncated, trailing, out-of-range or non-canonical bytes. The message
 * names the offset and the rule that failed.
 */
public class ScaleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScaleException(String message) {
    super(message);
  }
}
