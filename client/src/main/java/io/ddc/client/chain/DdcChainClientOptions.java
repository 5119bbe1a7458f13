package io.ddc.client.chain;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Where a {@link DdcChainClient} finds the chain and which cluster it works in. Defaults: the chain
 * at {@value #DEFAULT_CHAIN_URI}, the devnet's cluster {@value #DEFAULT_CLUSTER_ID}, 2 minutes per
 * transaction.
 */
public final class DdcChainClientOptions {
  /** Default chain URL: a local node's JSON-RPC WebSocket, {@code ws://127.0.0.1:9944}. */
  public static final String DEFAULT_CHAIN_URI = "ws://127.0.0.1:9944";

  /** Default cluster: the devnet's, {@code 0x} + 39 zeros + {@code 1} (an H160). */
  public static final String DEFAULT_CLUSTER_ID = "0x0000000000000000000000000000000000000001";

  /** Default time a transaction may take until it is in a block: 2 minutes. */
  public static final Duration DEFAULT_TX_TIMEOUT = Duration.ofMinutes(2);

  private URI chainUri = URI.create(DEFAULT_CHAIN_URI);
  private byte[] clusterId = parseClusterId(DEFAULT_CLUSTER_ID);
  private Duration txTimeout = DEFAULT_TX_TIMEOUT;

  public DdcChainClientOptions() {}

  public DdcChainClientOptions(DdcChainClientOptions o) {
    this.chainUri = o.chainUri;
    this.clusterId = o.clusterId.clone();
    this.txTimeout = o.txTimeout;
  }

  /** The chain's JSON-RPC WebSocket URL ({@code ws://} or {@code wss://}). */
  public DdcChainClientOptions chainUri(URI uri) {
    String s = uri.getScheme();
    if (!"ws".equals(s) && !"wss".equals(s)) {
      throw new IllegalArgumentException("chainUri is a ws:// or wss:// URL, '" + uri + "' given");
    }
    this.chainUri = uri;
    return this;
  }

  public URI chainUri() {
    return chainUri;
  }

  /** The cluster deposits and buckets belong to: {@code 0x} + 40 hex digits. */
  public DdcChainClientOptions clusterId(String hex) {
    this.clusterId = parseClusterId(hex);
    return this;
  }

  public byte[] clusterId() {
    return clusterId.clone();
  }

  /** How long a transaction may take until it is in a block; positive. */
  public DdcChainClientOptions txTimeout(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("txTimeout must be positive, " + d + " given");
    }
    this.txTimeout = d;
    return this;
  }

  public Duration txTimeout() {
    return txTimeout;
  }

  static byte[] parseClusterId(String hex) {
    String h = hex.startsWith("0x") ? hex.substring(2) : hex;
    if (h.length() != 40) {
      throw new IllegalArgumentException(
          "clusterId is 0x + 40 hex digits (20 bytes), '" + hex + "' given");
    }
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "clusterId is 0x + 40 hex digits (20 bytes), '" + hex + "' given", e);
    }
  }
}
