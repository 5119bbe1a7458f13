package io.ddc.launcher;

import io.ddc.client.chain.DdcChainClient;
import io.ddc.client.chain.DdcChainClientOptions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The chain a command talks to and the account it acts as: {@code --chain} (default: the devnet's
 * chain, else {@value DdcChainClientOptions#DEFAULT_CHAIN_URI}) and {@code --cluster} (default: the
 * devnet's cluster, else the devnet default).
 */
final class ChainConnection {
  /** How long a command waits for the chain: connect, query or a transaction in a block. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Mixin AccountKey account = new AccountKey();

  @Option(
      names = "--chain",
      paramLabel = "URL",
      description =
          "The chain's JSON-RPC WebSocket, ws://host:port (default: the devnet's, else ws://127.0.0.1:9944).")
  String chain;

  @Option(
      names = "--cluster",
      paramLabel = "ID",
      description = "Cluster id, 0x + 40 hex digits (default: the devnet's).")
  String cluster;

  /** Whether the user named a chain explicitly. */
  boolean explicit() {
    return chain != null;
  }

  DdcChainClientOptions options() throws Exception {
    DevnetDescriptor d = account.descriptor();
    String url = chain;
    if (url == null && d != null) {
      url = d.chain();
    }
    String clusterId = cluster;
    if (clusterId == null && d != null) {
      clusterId = d.clusterId();
    }
    DdcChainClientOptions o = new DdcChainClientOptions().txTimeout(TIMEOUT);
    if (url != null) {
      o.chainUri(URI.create(url));
    }
    if (clusterId != null) {
      o.clusterId(clusterId);
    }
    return o;
  }

  /** Connects; fails in one sentence naming the URL when the chain does not answer. */
  DdcChainClient open(Vertx vertx) throws Exception {
    DdcChainClientOptions o = options();
    try {
      return Futures.await(DdcChainClient.connect(vertx, o), TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException(
          "no chain at "
              + o.chainUri()
              + " ("
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
              + "); start one with ./ddc devnet or give --chain ws://host:port",
          e);
    }
  }
}
