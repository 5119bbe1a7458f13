package io.ddc.pallets.runtime;

import io.ddc.pallets.metadata.EnumValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call failed with a {@code DispatchError}; its storage changes are reverted and the extrinsic
 * reports {@code ExtrinsicFailed}. {@link #error()} is the {@code sp_runtime::DispatchError} value.
 */
public final class DispatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient EnumValue error;

  public DispatchException(EnumValue error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public EnumValue error() {
    return error;
  }

  /** {@code DispatchError::BadOrigin}. */
  public static DispatchException badOrigin() {
    return new DispatchException(EnumValue.of("BadOrigin"), "BadOrigin");
  }

  /** {@code DispatchError::Token(name)}. */
  public static DispatchException token(String name) {
    return new DispatchException(new EnumValue("Token", EnumValue.of(name)), "Token(" + name + ")");
  }

  /** {@code DispatchError::Arithmetic(name)}. */
  public static DispatchException arithmetic(String name) {
    return new DispatchException(
        new EnumValue("Arithmetic", EnumValue.of(name)), "Arithmetic(" + name + ")");
  }

  /** {@code DispatchError::Module { index, error: [errorIndex, 0, 0, 0] }}. */
  public static DispatchException module(int palletIndex, int errorIndex, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", palletIndex);
    m.put("error", new byte[] {(byte) errorIndex, 0, 0, 0});
    return new DispatchException(new EnumValue("Module", m), name);
  }
}
