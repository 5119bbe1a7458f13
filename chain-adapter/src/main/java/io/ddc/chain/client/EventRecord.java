package io.ddc.chain.client;

/**
 * One entry of {@code System.Events}: the extrinsic index it belongs to ({@code -1} for block
 * initialization or finalization), the pallet and event names, and the event's decoded fields (see
 * {@link Variant} for the shapes).
 */
public record EventRecord(int extrinsicIndex, String pallet, String name, Object fields) {
  /** True for {@code pallet.name}. */
  public boolean is(String pallet, String name) {
    return this.pallet.equals(pallet) && this.name.equals(name);
  }
}
