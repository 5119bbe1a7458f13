package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.pallets.metadata.Hasher;
import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * pallet_balances with current FRAME's fungible semantics: free/reserved/frozen in {@code
 * System.Account}, the existential deposit, locks (frozen = the largest lock), named-less reserves.
 * Errors are FRAME's: {@code Token(FundsUnavailable)} when the liquid balance is short, {@code
 * Token(BelowMinimum)} when a new account would get less than the existential deposit.
 */
final class BalancesPallet {
  static final int INDEX = 6;
  private final CereRuntime rt;
  private final BigInteger ed = RuntimeConfig.EXISTENTIAL_DEPOSIT;

  BalancesPallet(CereRuntime rt) {
    this.rt = rt;
  }

  private SystemPallet system() {
    return rt.system;
  }

  BigInteger totalIssuance(State s) {
    byte[] v = s.get(rt.keys.totalIssuance);
    return v == null ? BigInteger.ZERO : new ScaleReader(v).u128();
  }

  void setTotalIssuance(State s, BigInteger v) {
    s.put(rt.keys.totalIssuance, new ScaleWriter(16).u128(v).toByteArray());
  }

  void dispatch(Ctx c, Origin o, String call, Map<?, ?> a) {
    switch (call) {
      case "transfer_allow_death" ->
          transfer(c, CereRuntime.signed(o), lookup(a.get("dest")), big(a.get("value")), false);
      case "transfer_keep_alive" ->
          transfer(c, CereRuntime.signed(o), lookup(a.get("dest")), big(a.get("value")), true);
      case "transfer_all" -> {
        byte[] who = CereRuntime.signed(o);
        boolean keepAlive = (Boolean) a.get("keep_alive");
        transfer(
            c,
            who,
            lookup(a.get("dest")),
            reducible(system().account(c.state, who), keepAlive),
            keepAlive);
      }
      case "force_transfer" -> {
        CereRuntime.root(o);
        transfer(c, lookup(a.get("source")), lookup(a.get("dest")), big(a.get("value")), false);
      }
      case "force_set_balance" -> {
        CereRuntime.root(o);
        forceSetBalance(c, lookup(a.get("who")), big(a.get("new_free")));
      }
      case "force_unreserve" -> {
        CereRuntime.root(o);
        unreserve(c, lookup(a.get("who")), big(a.get("amount")));
      }
      default -> throw new IllegalStateException("Balances." + call + " is not dispatchable");
    }
  }

  static BigInteger big(Object v) {
    return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
  }

  /** Resolves a {@code MultiAddress}: {@code Id} and {@code Address32} only (no Indices pallet). */
  static byte[] lookup(Object multiAddress) {
    io.ddc.pallets.metadata.EnumValue v = (io.ddc.pallets.metadata.EnumValue) multiAddress;
    if (("Id".equals(v.name()) || "Address32".equals(v.name())) && v.value() instanceof byte[] id) {
      return id;
    }
    throw new DispatchException(
        io.ddc.pallets.metadata.EnumValue.of("CannotLookup"), "CannotLookup " + v.name());
  }

  /**
   * What {@code a} can send: free minus the untouchable part (frozen, and the ED when kept alive).
   */
  BigInteger reducible(AccountInfo a, boolean keepAlive) {
    BigInteger untouchable = a.frozen().subtract(a.reserved()).max(BigInteger.ZERO);
    if (keepAlive || a.consumers() > 0) {
      untouchable = untouchable.max(ed);
    }
    return a.free().subtract(untouchable).max(BigInteger.ZERO);
  }

  void transfer(Ctx c, byte[] from, byte[] to, BigInteger amount, boolean keepAlive) {
    if (amount.signum() < 0) {
      throw DispatchException.arithmetic("Underflow");
    }
    State s = c.state;
    AccountInfo src = system().account(s, from);
    if (amount.compareTo(reducible(src, keepAlive)) > 0) {
      throw DispatchException.token("FundsUnavailable");
    }
    if (Arrays.equals(from, to) || amount.signum() == 0) {
      c.event("Balances", "Transfer", fields("from", from, "to", to, "amount", amount));
      return;
    }
    AccountInfo dst = system().account(s, to);
    if (!dst.exists() && amount.compareTo(ed) < 0) {
      throw DispatchException.token("BelowMinimum");
    }
    setFree(c, from, src.free().subtract(amount));
    credit(c, to, amount);
    c.event("Balances", "Transfer", fields("from", from, "to", to, "amount", amount));
  }

  /**
   * Adds {@code amount} to {@code who}'s free balance, creating the account (NewAccount, Endowed).
   */
  void credit(Ctx c, byte[] who, BigInteger amount) {
    AccountInfo a = system().account(c.state, who);
    if (!a.exists()) {
      a = a.withRefs(a.consumers(), 1).withBalances(a.free().add(amount), a.reserved());
      system().putAccount(c.state, who, a);
      c.event("System", "NewAccount", fields("account", who));
      c.event("Balances", "Endowed", fields("account", who, "free_balance", amount));
    } else {
      system().putAccount(c.state, who, a.withBalances(a.free().add(amount), a.reserved()));
    }
  }

  /**
   * Sets the free balance of an existing account; below the existential deposit (and nothing
   * reserved) the account is reaped and the rest is lost as dust.
   */
  void setFree(Ctx c, byte[] who, BigInteger free) {
    AccountInfo a = system().account(c.state, who);
    if (free.compareTo(ed) < 0 && a.reserved().signum() == 0 && a.consumers() == 0) {
      if (free.signum() > 0) {
        c.event("Balances", "DustLost", fields("account", who, "amount", free));
        setTotalIssuance(c.state, totalIssuance(c.state).subtract(free));
      }
      c.state.delete(system().accountKey(who));
      c.event("System", "KilledAccount", fields("account", who));
      return;
    }
    system().putAccount(c.state, who, a.withBalances(free, a.reserved()));
  }

  void forceSetBalance(Ctx c, byte[] who, BigInteger newFree) {
    BigInteger free = newFree.compareTo(ed) < 0 ? BigInteger.ZERO : newFree;
    AccountInfo a = system().account(c.state, who);
    if (a.exists() && free.signum() == 0 && a.reserved().signum() == 0 && a.consumers() > 0) {
      // pallet-balances cannot drop the account's last provider while something (a lock, a
      // freeze) still consumes it: the call fails and nothing changes
      throw new DispatchException(
          io.ddc.pallets.metadata.EnumValue.of("ConsumerRemaining"), "ConsumerRemaining");
    }
    BigInteger old = a.free();
    setTotalIssuance(c.state, totalIssuance(c.state).add(free).subtract(old));
    if (!a.exists()) {
      if (free.signum() > 0) {
        credit(c, who, free);
      }
    } else if (free.signum() == 0) {
      if (a.reserved().signum() == 0) {
        c.state.delete(system().accountKey(who));
        c.event("System", "KilledAccount", fields("account", who));
      } else {
        system().putAccount(c.state, who, a.withBalances(BigInteger.ZERO, a.reserved()));
      }
    } else {
      system().putAccount(c.state, who, a.withBalances(free, a.reserved()));
    }
    c.event("Balances", "BalanceSet", fields("who", who, "free", free));
  }

  /** Mints {@code amount} into {@code who} (genesis and tests). */
  void mint(Ctx c, byte[] who, BigInteger amount) {
    setTotalIssuance(c.state, totalIssuance(c.state).add(amount));
    credit(c, who, amount);
  }

  /**
   * Withdraws a transaction fee keeping the account alive; false when it cannot pay. Emits
   * Withdraw. The fee leaves the issuance (burnt).
   */
  boolean withdrawFee(Ctx c, byte[] who, BigInteger fee) {
    AccountInfo a = system().account(c.state, who);
    if (!a.exists() || fee.compareTo(reducible(a, true)) > 0) {
      return false;
    }
    if (fee.signum() == 0) {
      return true;
    }
    system().putAccount(c.state, who, a.withBalances(a.free().subtract(fee), a.reserved()));
    setTotalIssuance(c.state, totalIssuance(c.state).subtract(fee));
    c.event("Balances", "Withdraw", fields("who", who, "amount", fee));
    return true;
  }

  /** Moves {@code amount} from free to reserved ({@code Token(FundsUnavailable)} when short). */
  void reserve(Ctx c, byte[] who, BigInteger amount) {
    AccountInfo a = system().account(c.state, who);
    if (amount.compareTo(reducible(a, true)) > 0) {
      throw DispatchException.token("FundsUnavailable");
    }
    system()
        .putAccount(
            c.state, who, a.withBalances(a.free().subtract(amount), a.reserved().add(amount)));
    c.event("Balances", "Reserved", fields("who", who, "amount", amount));
  }

  /** Moves up to {@code amount} from reserved back to free; returns what was moved. */
  BigInteger unreserve(Ctx c, byte[] who, BigInteger amount) {
    AccountInfo a = system().account(c.state, who);
    BigInteger moved = amount.min(a.reserved());
    if (moved.signum() > 0) {
      system()
          .putAccount(
              c.state, who, a.withBalances(a.free().add(moved), a.reserved().subtract(moved)));
      c.event("Balances", "Unreserved", fields("who", who, "amount", moved));
    }
    return moved;
  }

  private byte[] locksKey(byte[] who) {
    return StorageKey.map(rt.keys.balancesLocks, Hasher.BLAKE2_128_CONCAT, who);
  }

  /**
   * Sets (or with a zero amount removes) lock {@code id}; frozen becomes the largest lock; the
   * first lock adds a consumer reference to the account, removing the last one drops it.
   */
  void setLock(Ctx c, byte[] id8, byte[] who, BigInteger amount) {
    List<Object> locks = new ArrayList<>();
    byte[] raw = c.state.get(locksKey(who));
    if (raw != null) {
      for (Object l : (List<?>) rt.types.reg.codec(rt.types.vecBalanceLock).fromBytes(raw)) {
        if (!Arrays.equals((byte[]) ((Map<?, ?>) l).get("id"), id8)) {
          locks.add(l);
        }
      }
    }
    if (amount.signum() > 0) {
      locks.add(
          fields(
              "id", id8, "amount", amount, "reasons", io.ddc.pallets.metadata.EnumValue.of("All")));
    }
    BigInteger frozen = BigInteger.ZERO;
    for (Object l : locks) {
      frozen = frozen.max((BigInteger) ((Map<?, ?>) l).get("amount"));
    }
    if (locks.isEmpty()) {
      c.state.delete(locksKey(who));
    } else {
      c.state.put(locksKey(who), rt.types.reg.codec(rt.types.vecBalanceLock).toBytes(locks));
    }
    AccountInfo a = system().account(c.state, who);
    // as pallet-balances' update_locks: an account with locks has one consumer reference for them,
    // which keeps it from being reaped while anything is locked
    long consumers = a.consumers();
    if (raw == null && !locks.isEmpty() && a.exists()) {
      consumers++;
    } else if (raw != null && locks.isEmpty() && consumers > 0) {
      consumers--;
    }
    system().putAccount(c.state, who, a.withRefs(consumers, a.providers()).withFrozen(frozen));
  }
}
