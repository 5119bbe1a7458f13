package io.ddc.chain.dev;

/** A JSON-RPC error object to send back: Substrate's code, message and optional {@code data}. */
final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** JSON-RPC: the method does not exist. */
  static final int METHOD_NOT_FOUND = -32601;

  /** JSON-RPC: invalid method parameters. */
  static final int INVALID_PARAMS = -32602;

  /** JSON-RPC: the request is not a valid request object. */
  static final int INVALID_REQUEST = -32600;

  /** JSON-RPC: the message is not JSON. */
  static final int PARSE_ERROR = -32700;

  /** Substrate: a call failed in the server (state discarded, runtime API failed). */
  static final int SERVER_ERROR = -32000;

  /** Substrate author: the extrinsic cannot be decoded. */
  static final int BAD_FORMAT = 1001;

  /** Substrate author: the extrinsic could not be verified. */
  static final int VERIFICATION_ERROR = 1002;

  /** Substrate author: the pool rejected the transaction as invalid. */
  static final int POOL_INVALID_TX = 1010;

  /** Substrate author: the transaction's validity cannot be determined. */
  static final int POOL_UNKNOWN_VALIDITY = 1011;

  /** Substrate author: the transaction is already in the pool. */
  static final int POOL_ALREADY_IMPORTED = 1013;

  /** Substrate author: a pool transaction with the same tags has a higher or equal priority. */
  static final int POOL_TOO_LOW_PRIORITY = 1014;

  final int code;
  final String data;

  RpcException(int code, String message, String data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  RpcException(int code, String message) {
    this(code, message, null);
  }
}
