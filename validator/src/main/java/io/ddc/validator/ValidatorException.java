package io.ddc.validator;

/** Base of the validator's unchecked exceptions. */
public class ValidatorException extends RuntimeException {
  public ValidatorException(String message) {
    super(message);
  }

  public ValidatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
