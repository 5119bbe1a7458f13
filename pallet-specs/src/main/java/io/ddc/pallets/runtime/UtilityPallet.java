package io.ddc.pallets.runtime;

import static io.ddc.pallets.runtime.SystemPallet.fields;

import io.ddc.pallets.metadata.EnumValue;
import java.util.List;
import java.util.Map;

/**
 * pallet_utility: batch (stops at the first failure), batch_all (atomic), force_batch (never
 * stops).
 */
final class UtilityPallet {
  static final int INDEX = 1;
  private final CereRuntime rt;

  UtilityPallet(CereRuntime rt) {
    this.rt = rt;
  }

  void dispatch(Ctx c, Origin o, String call, Map<?, ?> a) {
    List<?> calls = (List<?>) a.get("calls");
    if (calls.size() > RuntimeConfig.BATCHED_CALLS_LIMIT) {
      throw DispatchException.module(INDEX, 0, "TooManyCalls");
    }
    switch (call) {
      case "batch" -> {
        for (int i = 0; i < calls.size(); i++) {
          EnumValue inner = (EnumValue) calls.get(i);
          try {
            c.layer(() -> rt.dispatch(c, o, inner));
          } catch (DispatchException e) {
            c.event("Utility", "BatchInterrupted", fields("index", (long) i, "error", e.error()));
            return;
          }
          c.event("Utility", "ItemCompleted", null);
        }
        c.event("Utility", "BatchCompleted", null);
      }
      case "batch_all" -> {
        c.layer(
            () -> {
              for (Object inner : calls) {
                rt.dispatch(c, o, (EnumValue) inner);
                c.event("Utility", "ItemCompleted", null);
              }
              return null;
            });
        c.event("Utility", "BatchCompleted", null);
      }
      case "force_batch" -> {
        boolean failed = false;
        for (Object inner : calls) {
          try {
            c.layer(() -> rt.dispatch(c, o, (EnumValue) inner));
            c.event("Utility", "ItemCompleted", null);
          } catch (DispatchException e) {
            failed = true;
            c.event("Utility", "ItemFailed", fields("error", e.error()));
          }
        }
        c.event("Utility", failed ? "BatchCompletedWithErrors" : "BatchCompleted", null);
      }
      default -> throw new IllegalStateException("Utility." + call + " is not dispatchable");
    }
  }
}
