package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.EnumValue;
import io.ddc.pallets.scale.ScaleReader;
import io.ddc.pallets.scale.ScaleWriter;
import java.util.function.Supplier;

/**
 * The context of one block's execution: the current storage layer, the block number, and the phase
 * events are recorded in. Events go to per-index keys during the block and are assembled into
 * {@code System.Events} when the block ends, so failed layers drop their events too.
 */
final class Ctx {
  /** Prefix of the per-block event slots (not a FRAME key; removed when the block ends). */
  static final byte[] EVENT_SLOT =
      ":ddc:event:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  final CereRuntime rt;
  State state;
  final long blockNumber;

  /** The extrinsic being applied, or -1 (initialization). */
  long extrinsicIndex = -1;

  Ctx(CereRuntime rt, State state, long blockNumber) {
    this.rt = rt;
    this.state = state;
    this.blockNumber = blockNumber;
  }

  /** Runs {@code body} in a storage layer: kept when it returns, dropped when it throws. */
  <T> T layer(Supplier<T> body) {
    State outer = state;
    Overlay ov = new Overlay(outer);
    state = ov;
    try {
      T r = body.get();
      ov.commit();
      return r;
    } finally {
      state = outer;
    }
  }

  /** Deposits {@code RuntimeEvent::<pallet>(<name>(fields))}. */
  void event(String pallet, String name, Object fields) {
    ScaleWriter w = new ScaleWriter(96);
    if (extrinsicIndex >= 0) {
      w.u8(0).u32(extrinsicIndex);
    } else {
      w.u8(2);
    }
    rt.types.reg.encodeValue(
        rt.types.runtimeEvent, new EnumValue(pallet, new EnumValue(name, fields)), w);
    w.u8(0); // no topics
    long n = u32(state.get(rt.keys.eventCount));
    state.put(eventSlot(n), w.toByteArray());
    state.put(rt.keys.eventCount, new ScaleWriter(4).u32(n + 1).toByteArray());
  }

  static byte[] eventSlot(long n) {
    return StorageKey.concat(EVENT_SLOT, new ScaleWriter(4).u32(n).toByteArray());
  }

  static long u32(byte[] b) {
    return b == null ? 0 : new ScaleReader(b).u32();
  }
}
