package io.ddc.validator;

/**
 * A payout step for one era could not be taken (the chain refused a call, or its state is not one
 * the validator can continue from). The era is retried on the next poll.
 */
public class PayoutException extends ValidatorException {
  private final long era;

  public PayoutException(long era, String message) {
    super("era " + era + ": " + message);
    this.era = era;
  }

  public PayoutException(long era, String message, Throwable cause) {
    super("era " + era + ": " + message, cause);
    this.era = era;
  }

  /** The era the step belonged to. */
  public long era() {
    return era;
  }
}
