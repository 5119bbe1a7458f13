package io.ddc.chain.client;

import java.util.List;

/**
 * An included extrinsic: its hash, the block ({@code 0x}-hex) that included it, its index there,
 * and the events it emitted (in order, ending with {@code System.ExtrinsicSuccess}).
 */
public record TxResult(
    String extrinsicHash, String blockHash, int index, List<EventRecord> events) {
  public TxResult {
    events = List.copyOf(events);
  }

  /** The first event {@code pallet.name}, or null. */
  public EventRecord event(String pallet, String name) {
    for (EventRecord e : events) {
      if (e.is(pallet, name)) {
        return e;
      }
    }
    return null;
  }
}
