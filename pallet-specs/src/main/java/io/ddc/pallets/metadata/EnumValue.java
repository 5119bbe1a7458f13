package io.ddc.pallets.metadata;

/**
 * A decoded enum value: the variant's name and its fields (null for none, the value for one unnamed
 * field, a {@code List} for several unnamed, a {@code Map} by name for named ones).
 */
public record EnumValue(String name, Object value) {
  /** A fieldless variant. */
  public static EnumValue of(String name) {
    return new EnumValue(name, null);
  }
}
