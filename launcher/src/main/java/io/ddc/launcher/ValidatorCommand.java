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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
      "The key must be in the chain's validator set (DdcVerification.ValidatorSet)."
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

  @Option(names = "--chain", paramLabel = "WS_URL", required = true, description = "Chain URL.")
  URI chain;

  @ArgGroup(multiplicity = "1")
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
      required = true,
      description = "The cluster to validate.")
  String cluster;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Audit results per era.")
  Path dataDir = ValidatorOptions.DEFAULT_DATA_DIR;

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
      names = "--audit-failures",
      paramLabel = "N",
      description =
          "Failed challenges in one era that make this validator report a node as faulty.")
  int auditFailures = ValidatorOptions.DEFAULT_AUDIT_FAILURE_THRESHOLD;

  @Override
  public Integer call() throws Exception {
    byte[] clusterId = clusterId(cluster);
    KeyPair kp = key.keyPair();
    ValidatorOptions options =
        new ValidatorOptions()
            .dataDir(dataDir.toAbsolutePath())
            .pollInterval(duration("--poll", poll))
            .payoutFallback(duration("--payout-fallback", payoutFallback))
            .eraSealTimeout(duration("--era-seal-timeout", eraSealTimeout))
            .auditSamples(auditSamples)
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
