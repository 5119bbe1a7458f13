package io.ddc.chain.client;

/**
 * Base of the chain client's unchecked exceptions. Subtypes: {@link ChainUnavailableException} (no
 * connection; retry later), {@link RpcErrorException} (the node answered with a JSON-RPC error),
 * {@link InvalidTransactionException} (the pool refused an extrinsic), {@link
 * ExtrinsicFailedException} (it was included but its dispatch failed).
 */
public class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
