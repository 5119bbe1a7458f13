package io.ddc.pallets.payouts;

import java.math.BigInteger;
import java.util.function.UnaryOperator;

/**
 * An amount split by dimension (the pallets' {@code CustomerCharge} / {@code NodeReward}): for
 * streaming, storage, puts and gets, in the chain's smallest unit.
 */
public record Charge(BigInteger transfer, BigInteger storage, BigInteger puts, BigInteger gets) {
  /** Nothing. */
  public static final Charge ZERO =
      new Charge(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

  /**
   * @throws IllegalArgumentException if a component is negative or wider than u128
   */
  public Charge {
    Billing.u128(transfer);
    Billing.u128(storage);
    Billing.u128(puts);
    Billing.u128(gets);
  }

  /**
   * The sum of the components.
   *
   * @throws ArithmeticException if it does not fit a u128
   */
  public BigInteger total() {
    return Billing.checked(transfer.add(storage).add(puts).add(gets));
  }

  /**
   * Component-wise sum.
   *
   * @throws ArithmeticException if a component does not fit a u128
   */
  public Charge plus(Charge o) {
    return new Charge(
        Billing.checked(transfer.add(o.transfer)),
        Billing.checked(storage.add(o.storage)),
        Billing.checked(puts.add(o.puts)),
        Billing.checked(gets.add(o.gets)));
  }

  /** Each component multiplied by {@code f} (nearest, ties down). */
  public Charge scaled(Perquintill f) {
    return map(f::mul);
  }

  Charge map(UnaryOperator<BigInteger> op) {
    return new Charge(op.apply(transfer), op.apply(storage), op.apply(puts), op.apply(gets));
  }
}
