package io.ddc.launcher;

import io.ddc.client.DdcClient;
import io.ddc.client.DdcClientOptions;
import io.ddc.client.node.AuthTokens;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyFile;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: which nodes, which key, which token. Without {@code
 * --node}, the nodes (and, without a key option, the owner account) come from {@code
 * devnet-data/devnet.json} or {@code --devnet FILE}.
 */
final class ClientConnection {
  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "A node's gRPC URL, grpc://host:port (repeatable).")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = "--devnet",
      paramLabel = "FILE",
      description =
          "devnet.json to take nodes and the owner key from (default devnet-data/devnet.json).")
  Path devnet;

  @Option(
      names = "--signer",
      paramLabel = "SURI",
      description = "Secret URI of the signing key (//Alice, a mnemonic, 0x seed).")
  String signer;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "Key file of the signing key (ddc key generate --out).")
  Path keyFile;

  @Option(names = "--scheme", description = "Scheme of --signer: sr25519 or ed25519.")
  String scheme = "sr25519";

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

  private DevnetDescriptor descriptor() throws Exception {
    Path f = devnet != null ? devnet : Path.of("devnet-data", DevnetDescriptor.FILE_NAME);
    if (!Files.exists(f)) {
      if (devnet != null) {
        throw new IllegalArgumentException(devnet + " does not exist; is the devnet running?");
      }
      return null;
    }
    return DevnetDescriptor.read(f);
  }

  /** The signing key, or null for anonymous calls. */
  KeyPair key() throws Exception {
    if (keyFile != null) {
      return KeyFile.read(keyFile).keyPair();
    }
    if (signer != null) {
      return Keys.fromUri(signer, KeyScheme.parse(scheme));
    }
    DevnetDescriptor d = descriptor();
    if (d != null) {
      for (DevnetDescriptor.Account a : d.accounts()) {
        if ("owner".equals(a.name()) && a.uri() != null) {
          return Keys.fromUri(a.uri(), KeyScheme.parse(a.scheme()));
        }
      }
    }
    return null;
  }

  /** The first non-cache node's HTTP URL from the devnet description, or null. */
  String gatewayUrl() throws Exception {
    DevnetDescriptor d = descriptor();
    if (d == null) {
      return null;
    }
    return d.nodes().stream()
        .filter(n -> !"Cache".equals(n.mode()))
        .map(DevnetDescriptor.Node::httpUrl)
        .findFirst()
        .orElse(null);
  }

  DdcClient open(Vertx vertx) throws Exception {
    List<String> urls = new ArrayList<>(nodes);
    List<String> readOnly = new ArrayList<>();
    if (urls.isEmpty()) {
      DevnetDescriptor d = descriptor();
      if (d == null) {
        throw new IllegalArgumentException(
            "no node: give --node grpc://host:port, or run ./ddc devnet (or pass --devnet FILE)");
      }
      for (DevnetDescriptor.Node n : d.nodes()) {
        ("Cache".equals(n.mode()) ? readOnly : urls).add(n.grpcUrl());
      }
    }
    NodeClientOptions call = new NodeClientOptions().signer(key());
    if (token != null) {
      call.accessToken(AuthTokens.fromBase58(token));
    }
    return DdcClient.create(
        vertx,
        new DdcClientOptions().nodes(urls).readOnlyNodes(readOnly).call(call).partSize(partSize));
  }
}
