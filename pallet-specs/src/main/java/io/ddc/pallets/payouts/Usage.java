package io.ddc.pallets.payouts;

/**
 * Usage of one customer or one provider in an era (the pallets' {@code CustomerUsage} / {@code
 * NodeUsage}): bytes streamed to clients, bytes stored (time-weighted over the era), and request
 * counts. All values are non-negative.
 */
public record Usage(long transferredBytes, long storedBytes, long numberOfPuts, long numberOfGets) {
  /** No usage. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  /**
   * @throws IllegalArgumentException if a value is negative
   */
  public Usage {
    if (transferredBytes < 0 || storedBytes < 0 || numberOfPuts < 0 || numberOfGets < 0) {
      throw new IllegalArgumentException("usage values are non-negative");
    }
  }

  /**
   * The sum of two usages.
   *
   * @throws ArithmeticException on {@code long} overflow
   */
  public Usage plus(Usage o) {
    return new Usage(
        Math.addExact(transferredBytes, o.transferredBytes),
        Math.addExact(storedBytes, o.storedBytes),
        Math.addExact(numberOfPuts, o.numberOfPuts),
        Math.addExact(numberOfGets, o.numberOfGets));
  }
}
