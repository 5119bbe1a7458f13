package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.pallets.metadata.EnumValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** pallet_sudo: one key may dispatch any call as Root (dev chains only). */
final class SudoPallet {
  static final int INDEX = 14;
  private final CereRuntime rt;

  SudoPallet(CereRuntime rt) {
    this.rt = rt;
  }

  byte[] key(State s) {
    byte[] v = s.get(rt.keys.sudoKey);
    return v == null ? null : v.clone();
  }

  void setKey(State s, byte[] key) {
    if (key == null) {
      s.delete(rt.keys.sudoKey);
    } else {
      s.put(rt.keys.sudoKey, key);
    }
  }

  private byte[] ensureSudo(Ctx c, Origin o) {
    byte[] who = CereRuntime.signed(o);
    if (!Arrays.equals(who, key(c.state))) {
      throw DispatchException.module(INDEX, 0, "RequireSudo");
    }
    return who;
  }

  void dispatch(Ctx c, Origin o, String call, Map<?, ?> a) {
    byte[] sudo = ensureSudo(c, o);
    switch (call) {
      case "sudo", "sudo_unchecked_weight" ->
          c.event(
              "Sudo",
              "Sudid",
              fields("sudo_result", run(c, Origin.ROOT, (EnumValue) a.get("call"))));
      case "sudo_as" -> {
        Origin as = new Origin.Signed(BalancesPallet.lookup(a.get("who")));
        c.event("Sudo", "SudoAsDone", fields("sudo_result", run(c, as, (EnumValue) a.get("call"))));
      }
      case "set_key" -> {
        byte[] next = BalancesPallet.lookup(a.get("new"));
        setKey(c.state, next);
        c.event(
            "Sudo",
            "KeyChanged",
            fields("old", Optional.of(sudo).map(k -> new EnumValue("Some", k)).get(), "new", next));
      }
      case "remove_key" -> {
        setKey(c.state, null);
        c.event("Sudo", "KeyRemoved", null);
      }
      default -> throw new IllegalStateException("Sudo." + call + " is not dispatchable");
    }
  }

  /** Dispatches in a layer and returns the {@code DispatchResult} value. */
  private EnumValue run(Ctx c, Origin o, EnumValue call) {
    try {
      c.layer(() -> rt.dispatch(c, o, call));
      return EnumValue.of("Ok");
    } catch (DispatchException e) {
      return new EnumValue("Err", e.error());
    }
  }
}
