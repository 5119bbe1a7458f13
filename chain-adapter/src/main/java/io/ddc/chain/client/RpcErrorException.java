package io.ddc.chain.client;

/**
 * The node answered a request with a JSON-RPC error object; {@link #code()} and {@link #data()} as
 * sent.
 */
public class RpcErrorException extends ChainException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String data;

  public RpcErrorException(int code, String message, String data) {
    super(code + ": " + message + (data != null ? ": " + data : ""));
    this.code = code;
    this.data = data;
  }

  /** The JSON-RPC error code (e.g. -32601 method not found, 1010 invalid transaction). */
  public int code() {
    return code;
  }

  /** The error's {@code data} member as text, or null. */
  public String data() {
    return data;
  }
}
