package io.ddc.launcher;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.edge.DdcNode;
import io.ddc.edge.NodeOptions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddc node}: one node process. Configuration from the environment (the official node's
 * variable names), optionally a YAML file, then command-line options, each overriding the one
 * before (docs/spec/node-config.md).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    subcommands = {NodeRegisterCommand.class},
    description = {
      "Run one DDC node: the piece store, the gRPC/grpc-web node API and the HTTP CDN gateway.",
      "Configuration: environment (HTTP_PORT, GRPC_PORT, DATA_DIR, …), then --config FILE, then options."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc node --data-dir node-data                 HTTP 8080, gRPC 9090 on 127.0.0.1",
      "  HTTP_PORT=8091 GRPC_PORT=9091 ./ddc node        the official node's variables"
    })
final class NodeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML node configuration.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the piece store lives.")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (0 = any free).")
  Integer httpPort;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port (0 = any free).")
  Integer grpcPort;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "storage, full or cache (default full).")
  NodeOptions.Mode mode;

  /** The effective options: environment, then the file, then the command line. */
  NodeOptions options() throws Exception {
    NodeOptions o = NodeOptions.fromEnvironment(System.getenv());
    if (config != null) {
      o = o.merge(NodeOptions.fromYaml(config));
    }
    if (dataDir != null) {
      o.dataDir(dataDir.toAbsolutePath());
    }
    if (httpPort != null) {
      o.httpPort(httpPort);
    }
    if (grpcPort != null) {
      o.grpcPort(grpcPort);
    }
    if (mode != null) {
      o.mode(mode);
    }
    return o;
  }

  @Override
  public Integer call() throws Exception {
    NodeOptions o = options();
    Vertx vertx = o.networkTransport().createVertx();
    DdcNode node;
    SubstrateClient chain = null;
    ChainMembership members = null;
    try {
      if (o.blockchainUrl() == null) {
        node = Futures.await(DdcNode.start(vertx, o), Duration.ofMinutes(2));
      } else {
        chain =
            SubstrateClient.connect(
                    null, new ChainClientOptions().setUri(URI.create(o.blockchainUrl())))
                .get(2, TimeUnit.MINUTES);
        if (o.clusterEnabled()) {
          // Cluster members follow the chain's node list (placement.md §4.1).
          members =
              new ChainMembership(
                  new DdcChain(chain),
                  HexFormat.of().parseHex(o.clusterId().substring(2)),
                  ChainMembership.DEFAULT_INTERVAL);
          members.start().get(2, TimeUnit.MINUTES);
        }
        node =
            Futures.await(
                DdcNode.start(
                    vertx,
                    o,
                    new ChainBucketRegistry(new DdcChain(chain), Clock.systemUTC()),
                    members),
                Duration.ofMinutes(2));
      }
    } catch (Exception e) {
      if (members != null) {
        members.close();
      }
      if (chain != null) {
        chain.close();
      }
      vertx.close();
      throw e;
    }
    SubstrateClient chainClient = chain;
    ChainMembership chainMembers = members;
    Shutdown shutdown =
        new Shutdown(
            () -> {
              try {
                Futures.await(node.close(), Duration.ofSeconds(30));
              } catch (Exception e) {
                System.err.println("ddc: node did not stop cleanly: " + e.getMessage());
              } finally {
                if (chainMembers != null) {
                  chainMembers.close();
                }
                if (chainClient != null) {
                  chainClient.close();
                }
                vertx.close();
              }
            });
    System.out.println(
        "node ready — http://"
            + o.host()
            + ":"
            + node.httpPort()
            + " grpc://"
            + o.host()
            + ":"
            + node.grpcPort());
    System.out.println("Ctrl-C stops the node.");
    System.out.flush();
    shutdown.await();
    return 0;
  }
}
