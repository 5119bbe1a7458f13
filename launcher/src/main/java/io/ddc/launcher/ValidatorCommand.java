package io.ddc.launcher;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.crypto.KeyFile;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Ss58;
import io.ddc.validator.Validator;
import io.ddc.validator.ValidatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ddc validator}: validates and pays out the eras of one cluster (docs/spec/validator.md).
 */
@Command(
    name = "validator",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Validate a cluster's activity each era, commit the payout fingerprint, run the payout once the"
          + " validators agree, and audit the pieces the nodes claim to hold.",
      "The key must be in the chain's validator set (DdcVerification.ValidatorSet).",
      "Settings fall back to the environment of a service: BLOCKCHAIN_URL, CLUSTER_ID,"
          + " VALIDATOR_SECRET_PHRASE, DATA_DIR, HTTP_PORT."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc validator --chain ws://127.0.0.1:9944 --key //Validator1 \\",
      "      --cluster 0x0000000000000000000000000000000000000001",
      "  ./ddc validator --chain ws://chain:9944 --key-file validator.json --cluster 0x… \\",
      "      --audit-samples 5 --poll 10s"
    })
final class ValidatorCommand implements Callable<Integer> {

  @Option(
      names = "--chain",
      paramLabel = "WS_URL",
      description = "Chain URL (default: env BLOCKCHAIN_URL).")
  URI chain;

  @ArgGroup(multiplicity = "0..1")
  KeySource key;

  static final class KeySource {
    @Option(
        names = "--key",
        paramLabel = "SURI",
        description = "The validator's sr25519 secret URI (//Validator1, a mnemonic, …).")
    String suri;

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description = "The validator's key file (docs/spec/key-file.md).")
    Path file;

    KeyPair keyPair() throws java.io.IOException {
      return suri != null ? Keys.fromUri(suri, KeyScheme.SR25519) : KeyFile.read(file).keyPair();
    }
  }

  @Option(
      names = "--cluster",
      paramLabel = "0xH160",
      description = "The cluster to validate (default: env CLUSTER_ID).")
  String cluster;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Audit results per era (default: env DATA_DIR, else ./ddc-validator-data).")
  Path dataDir;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "Serve GET /health on this port (default: env HTTP_PORT; none when unset; 0 = any free"
              + " port).")
  Integer httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "ADDRESS",
      description = "Address of the health endpoint.")
  String httpHost = "127.0.0.1";

  @Spec CommandSpec spec;

  /** Where the service settings come from when an option is not given; replaced in tests. */
  java.util.Map<String, String> env = System.getenv();

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      description = "Interval between two looks at the nodes and the chain (e.g. 5s, 1m).")
  String poll = "5s";

  @Option(
      names = "--payout-fallback",
      paramLabel = "DURATION",
      description =
          "Wait per rank before a validator that is not the era's leader runs the payout.")
  String payoutFallback = "30s";

  @Option(
      names = "--era-seal-timeout",
      paramLabel = "DURATION",
      description = "Longest wait for every node to seal an era before going on without the late.")
  String eraSealTimeout = "10m";

  @Option(
      names = "--audit-samples",
      paramLabel = "N",
      description = "Pieces challenged per node and era (0: no audits).")
  int auditSamples = ValidatorOptions.DEFAULT_AUDIT_SAMPLES;

  @Option(
      names = "--suspect-audit-factor",
      paramLabel = "N",
      description =
          "Multiplier of --audit-samples for a node that a peer caught serving corrupt bytes"
              + " (default: ${DEFAULT-VALUE}).")
  int suspectAuditFactor = ValidatorOptions.DEFAULT_SUSPECT_AUDIT_FACTOR;

  @Option(
      names = "--audit-failures",
      paramLabel = "N",
      description =
          "Failed challenges in one era that make this validator report a node as faulty.")
  int auditFailures = ValidatorOptions.DEFAULT_AUDIT_FAILURE_THRESHOLD;

  /** The option's value, else the environment variable's (blank = unset), else null. */
  private String orEnv(Object option, String variable) {
    if (option != null) {
      return option.toString();
    }
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public Integer call() throws Exception {
    String chainUrl = orEnv(chain, "BLOCKCHAIN_URL");
    if (chainUrl == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing the chain: give --chain ws://host:port or BLOCKCHAIN_URL");
    }
    String cluster = orEnv(this.cluster, "CLUSTER_ID");
    if (cluster == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing the cluster: give --cluster 0x… or CLUSTER_ID");
    }
    String envSecret = orEnv(null, "VALIDATOR_SECRET_PHRASE");
    if (key == null && envSecret == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing the validator's key: give --key SURI, --key-file FILE or VALIDATOR_SECRET_PHRASE");
    }
    URI chain = URI.create(chainUrl);
    byte[] clusterId = clusterId(cluster);
    KeyPair kp = key != null ? key.keyPair() : Keys.fromUri(envSecret, KeyScheme.SR25519);
    String dataDirText = orEnv(this.dataDir, "DATA_DIR");
    Path dataDir = dataDirText != null ? Path.of(dataDirText) : ValidatorOptions.DEFAULT_DATA_DIR;
    String portText = orEnv(httpPort, "HTTP_PORT");
    Integer healthPort;
    try {
      healthPort = portText == null ? null : Integer.valueOf(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("HTTP_PORT is a port number, '" + portText + "' given");
    }
    ValidatorOptions options =
        new ValidatorOptions()
            .dataDir(dataDir.toAbsolutePath())
            .pollInterval(duration("--poll", poll))
            .payoutFallback(duration("--payout-fallback", payoutFallback))
            .eraSealTimeout(duration("--era-seal-timeout", eraSealTimeout))
            .auditSamples(auditSamples)
            .suspectAuditFactor(suspectAuditFactor)
            .auditFailureThreshold(auditFailures);
    SubstrateClient client;
    try {
      client = SubstrateClient.connect(null, new ChainClientOptions().setUri(chain)).join();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach the chain at "
              + chain
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    }
    Vertx vertx = Vertx.vertx();
    Validator validator;
    try {
      validator =
          Futures.await(
              Validator.start(
                  vertx,
                  client,
                  Signer.of(kp),
                  clusterId,
                  options,
                  line -> System.out.println("validator: " + line)),
              Duration.ofMinutes(1));
    } catch (Exception e) {
      vertx.close();
      client.close();
      throw e;
    }
    if (healthPort != null) {
      HttpServer health;
      try {
        health =
            Futures.await(
                serveHealth(
                    vertx, healthPort, Ss58.encode(kp.publicKey(), Ss58.CERE_PREFIX), cluster),
                Duration.ofSeconds(30));
      } catch (Exception e) {
        Futures.await(validator.close(), Duration.ofSeconds(30));
        vertx.close();
        client.close();
        throw new IllegalStateException(
            "cannot serve /health on " + httpHost + ":" + healthPort + ": " + e.getMessage(), e);
      }
      System.out.println(
          "validator: health on http://" + httpHost + ":" + health.actualPort() + "/health");
    }
    System.out.println(
        "validator: "
            + Ss58.encode(kp.publicKey(), Ss58.CERE_PREFIX)
            + " validating cluster "
            + cluster
            + " on "
            + chain
            + " with "
            + validator.options().encode());
    Shutdown shutdown =
        new Shutdown(
            () -> {
              try {
                Futures.await(validator.close(), Duration.ofSeconds(30));
              } catch (Exception e) {
                System.err.println("ddc: the validator did not stop cleanly: " + e.getMessage());
              }
              vertx.close();
              client.close();
            });
    shutdown.await();
    return 0;
  }

  /**
   * {@code GET /health}: 200 with the validator's address and cluster while the process validates
   * (it listens only once the validator started); other paths 404.
   */
  private io.vertx.core.Future<HttpServer> serveHealth(
      Vertx vertx, int port, String address, String cluster) {
    String body =
        new io.vertx.core.json.JsonObject()
            .put("status", "UP")
            .put("validator", address)
            .put("cluster", cluster)
            .encode();
    return vertx
        .createHttpServer()
        .requestHandler(
            req -> {
              if ("/health".equals(req.path())) {
                req.response().putHeader("content-type", "application/json").end(body);
              } else {
                req.response().setStatusCode(404).end();
              }
            })
        .listen(port, httpHost);
  }

  static byte[] clusterId(String hex) {
    String h = hex.startsWith("0x") ? hex.substring(2) : hex;
    if (h.length() != 40) {
      throw new IllegalArgumentException(
          "--cluster is a 20-byte id (0x and 40 hex digits), " + hex + " given");
    }
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cluster is not hex: " + hex, e);
    }
  }

  /** Parses 500ms, 5s, 2m, 1h or an ISO-8601 duration. */
  static Duration duration(String option, String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.strip());
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          option + " takes a duration like 500ms, 5s, 2m or 1h; " + text + " given");
    }
  }
}
