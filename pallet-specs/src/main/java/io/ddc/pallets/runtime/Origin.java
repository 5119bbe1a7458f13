package io.ddc.pallets.runtime;

/** Who dispatches a call: a signed account, Root (through Sudo) or nobody (inherents). */
public sealed interface Origin {
  /** A signed account. */
  record Signed(byte[] account) implements Origin {}

  /** The root origin. */
  record Root() implements Origin {}

  Origin ROOT = new Root();
}
