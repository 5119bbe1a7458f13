package io.ddc.chain.client;

/**
 * A decoded enum value: its variant name, index, and fields ({@code null} for none; one unnamed
 * field as the value itself; several unnamed fields as a {@code List}; named fields as a {@code
 * Map} in declaration order).
 */
public record Variant(String name, int index, Object value) {}
