package io.ddc.launcher;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.chain.DdcChainClient;
import io.ddc.client.node.AuthTokens;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyPair;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every node command shares: which nodes, which account, which token. Without {@code
 * --node} the nodes come from {@code devnet-data/devnet.json} (or {@code --devnet FILE}), else,
 * with {@code --chain}, from the cluster's node list on chain; the account is chosen as {@link
 * AccountKey} says.
 */
final class ClientConnection {
  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "A node's gRPC URL, grpc://host:port (repeatable).")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = "--http-node",
      paramLabel = "URL",
      description =
          "A storage or full node's HTTP URL, http://host:port, asked by search (repeatable;"
              + " default: the devnet's or the cluster's nodes).")
  List<String> httpNodes = new ArrayList<>();

  @Mixin ChainConnection chain = new ChainConnection();

  @Option(
      names = "--token",
      paramLabel = "BASE58",
      description =
          "Access token to present instead of the key's own (shared or delegated access).")
  String token;

  @Option(
      names = "--part-size",
      paramLabel = "BYTES",
      description = "Part size of large uploads (4 MiB to 128 MiB).")
  long partSize = DdcClientOptions.DEFAULT_PART_SIZE;

  @Option(
      names = "--progress",
      description =
          "Print progress lines (bytes, %%, MiB/s, ETA) on stderr even when it is not a terminal.")
  boolean progressLines;

  /** A progress display for a transfer described by {@code what}. */
  ProgressLine progress(java.io.PrintWriter err, String what) {
    return new ProgressLine(err, what, progressLines);
  }

  /** The signing key, or null for anonymous calls. */
  KeyPair key() throws Exception {
    return chain.account.key();
  }

  /** The first non-cache node's HTTP URL from the devnet description, or null. */
  String gatewayUrl() throws Exception {
    DevnetDescriptor d = chain.account.descriptor();
    if (d == null) {
      return null;
    }
    return d.nodes().stream()
        .filter(n -> !"Cache".equals(n.mode()))
        .map(DevnetDescriptor.Node::httpUrl)
        .findFirst()
        .orElse(null);
  }

  /** What a command does with an open client; returns its exit code. */
  @FunctionalInterface
  interface ClientWork {
    int run(DdcClient client) throws Exception;
  }

  /**
   * Runs {@code work} with a client on a Vert.x instance of its own, then closes both (whether or
   * not {@code work} succeeded).
   */
  int withClient(ClientWork work) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DdcClient c = open(vertx)) {
      return work.run(c);
    } finally {
      vertx.close();
    }
  }

  DdcClient open(Vertx vertx) throws Exception {
    List<String> urls = new ArrayList<>(nodes);
    List<String> readOnly = new ArrayList<>();
    List<String> http = new ArrayList<>(httpNodes);
    boolean findHttp = http.isEmpty();
    if (urls.isEmpty()) {
      DevnetDescriptor d = chain.explicit() ? null : chain.account.descriptor();
      if (d != null) {
        for (DevnetDescriptor.Node n : d.nodes()) {
          boolean cache = "Cache".equals(n.mode());
          (cache ? readOnly : urls).add(n.grpcUrl());
          if (findHttp && !cache) {
            http.add(n.httpUrl());
          }
        }
      } else if (chain.explicit()) {
        try (DdcChainClient c = chain.open(vertx)) {
          for (DdcChain.StorageNode n : Futures.await(c.nodes(), ChainConnection.TIMEOUT)) {
            String url = DdcChainClient.grpcUrl(n.params());
            boolean cache = n.params().mode() == DdcChain.NodeMode.CACHE;
            (cache ? readOnly : urls).add(url);
            if (findHttp && !cache) {
              http.add(DdcChainClient.httpUrl(n.params()));
            }
          }
        }
        if (urls.isEmpty()) {
          throw new IllegalArgumentException(
              "the cluster on " + chain.options().chainUri() + " lists no storage or full node");
        }
      } else {
        throw new IllegalArgumentException(
            "no node: give --node grpc://host:port, --chain ws://host:port or --devnet FILE"
                + " (there is no "
                + AccountKey.defaultDevnetFile()
                + " here; ./ddc devnet writes it in its data directory)");
      }
    }
    NodeClientOptions call = new NodeClientOptions().signer(key());
    if (token != null) {
      call.accessToken(AuthTokens.fromBase58(token));
    }
    return DdcClient.create(
        vertx,
        new DdcClientOptions()
            .nodes(urls)
            .readOnlyNodes(readOnly)
            .httpNodes(http)
            .call(call)
            .partSize(partSize));
  }
}
