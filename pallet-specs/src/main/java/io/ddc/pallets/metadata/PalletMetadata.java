package io.ddc.pallets.metadata;

import java.util.List;

/**
 * One pallet in metadata V14: name, storage prefix and items, call/event/error enum types (-1 when
 * absent), constants and the runtime index.
 */
public record PalletMetadata(
    String name,
    int index,
    List<StorageEntry> storage,
    int callType,
    int eventType,
    List<Constant> constants,
    int errorType) {
  public PalletMetadata {
    storage = List.copyOf(storage);
    constants = List.copyOf(constants);
  }

  /** A constant: name, type, SCALE value, docs. */
  public record Constant(String name, int type, byte[] value, List<String> docs) {
    public Constant {
      value = value.clone();
      docs = List.copyOf(docs);
    }
  }

  /** The storage item named {@code item}, or null. */
  public StorageEntry storage(String item) {
    for (StorageEntry e : storage) {
      if (e.name().equals(item)) {
        return e;
      }
    }
    return null;
  }
}
