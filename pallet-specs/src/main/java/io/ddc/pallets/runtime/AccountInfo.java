package io.ddc.pallets.runtime;

import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>}: nonce, reference
 * counts and balances. {@code flags} keeps the "new logic" bit (2^127) as current FRAME does.
 */
public record AccountInfo(
    long nonce,
    long consumers,
    long providers,
    long sufficients,
    BigInteger free,
    BigInteger reserved,
    BigInteger frozen,
    BigInteger flags) {
  /** The {@code ExtraFlags} value of every account created by current FRAME. */
  public static final BigInteger NEW_LOGIC = BigInteger.ONE.shiftLeft(127);

  /** An account that does not exist (all zero). */
  public static final AccountInfo EMPTY =
      new AccountInfo(0, 0, 0, 0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, NEW_LOGIC);

  /** Free plus reserved. */
  public BigInteger total() {
    return free.add(reserved);
  }

  /** True when the account has providers (it exists). */
  public boolean exists() {
    return providers > 0 || sufficients > 0;
  }

  public AccountInfo withNonce(long n) {
    return new AccountInfo(n, consumers, providers, sufficients, free, reserved, frozen, flags);
  }

  public AccountInfo withBalances(BigInteger f, BigInteger r) {
    return new AccountInfo(nonce, consumers, providers, sufficients, f, r, frozen, flags);
  }

  public AccountInfo withFrozen(BigInteger fr) {
    return new AccountInfo(nonce, consumers, providers, sufficients, free, reserved, fr, flags);
  }

  public AccountInfo withRefs(long c, long p) {
    return new AccountInfo(nonce, c, p, sufficients, free, reserved, frozen, flags);
  }

  /** The 80-byte SCALE encoding. */
  public byte[] encode() {
    ScaleWriter w = new ScaleWriter(80);
    w.u32(nonce)
        .u32(consumers)
        .u32(providers)
        .u32(sufficients)
        .u128(free)
        .u128(reserved)
        .u128(frozen)
        .u128(flags);
    return w.toByteArray();
  }

  /** Decodes the 80-byte SCALE encoding. */
  public static AccountInfo decode(byte[] b) {
    ScaleReader r = new ScaleReader(b);
    AccountInfo a =
        new AccountInfo(r.u32(), r.u32(), r.u32(), r.u32(), r.u128(), r.u128(), r.u128(), r.u128());
    r.expectEnd();
    return a;
  }

  Map<String, Object> toValue() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("free", free);
    data.put("reserved", reserved);
    data.put("frozen", frozen);
    data.put("flags", flags);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("nonce", nonce);
    v.put("consumers", consumers);
    v.put("providers", providers);
    v.put("sufficients", sufficients);
    v.put("data", data);
    return v;
  }

  static AccountInfo fromValue(Object o) {
    Map<?, ?> v = (Map<?, ?>) o;
    Map<?, ?> d = (Map<?, ?>) v.get("data");
    return new AccountInfo(
        (Long) v.get("nonce"),
        (Long) v.get("consumers"),
        (Long) v.get("providers"),
        (Long) v.get("sufficients"),
        (BigInteger) d.get("free"),
        (BigInteger) d.get("reserved"),
        (BigInteger) d.get("frozen"),
        (BigInteger) d.get("flags"));
  }
}
