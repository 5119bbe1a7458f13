package io.ddc.pallets.runtime;

import io.ddc.crypto.Hashing;
import io.ddc.pallets.metadata.Hasher;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * frame_system: accounts (nonce, reference counts, balances), remarks, account creation and
 * reaping.
 */
final class SystemPallet {
  static final int INDEX = 0;
  private final CereRuntime rt;

  SystemPallet(CereRuntime rt) {
    this.rt = rt;
  }

  byte[] accountKey(byte[] id) {
    return StorageKey.map(rt.keys.systemAccount, Hasher.BLAKE2_128_CONCAT, id);
  }

  AccountInfo account(State s, byte[] id) {
    byte[] v = s.get(accountKey(id));
    return v == null ? AccountInfo.EMPTY : AccountInfo.decode(v);
  }

  /** Stores {@code a}; an account with neither providers nor balance is removed instead. */
  void putAccount(State s, byte[] id, AccountInfo a) {
    if (!a.exists() && a.nonce() == 0 && a.total().signum() == 0) {
      s.delete(accountKey(id));
    } else {
      s.put(accountKey(id), a.encode());
    }
  }

  void dispatch(Ctx c, Origin o, String call, Map<?, ?> args) {
    byte[] remark = (byte[]) args.get("remark");
    switch (call) {
      case "remark" -> {
        // no effect beyond the fee
      }
      case "remark_with_event" -> {
        byte[] who = CereRuntime.signed(o);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sender", who);
        f.put("hash", Hashing.blake2b256(remark));
        c.event("System", "Remarked", f);
      }
      default -> throw new IllegalStateException("System." + call + " is not dispatchable");
    }
  }

  static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
