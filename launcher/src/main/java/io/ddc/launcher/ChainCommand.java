package io.ddc.launcher;

import io.ddc.chain.dev.ChainRuntime;
import io.ddc.chain.dev.DevChain;
import io.ddc.chain.dev.DevChainOptions;
import io.ddc.crypto.InvalidAddressException;
import io.ddc.crypto.Ss58;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ddc chain --dev}: the embedded dev chain (Substrate JSON-RPC on loopback),
 * docs/spec/dev-chain.md.
 */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the embedded single-node dev chain: the Cere runtime model behind Substrate JSON-RPC"
          + " over WebSocket and",
      "HTTP POST on 127.0.0.1. Blocks are final at once. Ctrl-C or SIGTERM stops it; state stays in"
          + " the data directory."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc chain --dev                               ws://127.0.0.1:9944, a block every 6 s,"
          + " data in dev-chain-data",
      "  ./ddc chain --dev --tmp --instant-seal --port 0  throw-away chain, one block per"
          + " submission, any free port"
    })
final class ChainCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dev",
      required = true,
      description = "Run the development chain (the only chain this command runs).")
  boolean dev;

  @Option(names = "--port", description = "JSON-RPC port (0 = any free port).")
  int port = DevChainOptions.DEFAULT_PORT;

  @Option(
      names = "--host",
      description =
          "Address to listen on (default 127.0.0.1; give a host address for nodes on other machines).")
  String host = "127.0.0.1";

  @Option(
      names = "--validator",
      paramLabel = "ADDRESS",
      description =
          "An account (SS58 or 0x + 64 hex digits) in the genesis validator set"
              + " (DdcVerification.ValidatorSet); repeatable. Applies when the chain is created.")
  List<String> validators = new ArrayList<>();

  static final class Data {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Data directory (default: dev-chain-data).")
    Path dataDir;

    @Option(
        names = "--tmp",
        description = "Throw-away chain in a temporary directory, deleted on exit.")
    boolean tmp;
  }

  @ArgGroup(exclusive = true)
  Data data;

  static final class Sealing {
    @Option(
        names = "--block-time",
        paramLabel = "DURATION",
        description = "Block interval, e.g. 6s, 500ms (default 6s).")
    String blockTime;

    @Option(
        names = "--instant-seal",
        description = "Author a block as soon as an extrinsic arrives.")
    boolean instantSeal;
  }

  @ArgGroup(exclusive = true)
  Sealing sealing;

  /** The dev chain options these arguments describe. */
  DevChainOptions options() {
    DevChainOptions o = new DevChainOptions().setPort(port).setHost(host);
    if (data == null || !data.tmp) {
      o.setDataDir(
          (data != null && data.dataDir != null ? data.dataDir : Path.of("dev-chain-data"))
              .toAbsolutePath());
    }
    if (!validators.isEmpty()) {
      List<byte[]> accounts = new ArrayList<>();
      for (String v : validators) {
        accounts.add(account(v));
      }
      o.setGenesisValidators(accounts);
    }
    if (sealing != null && sealing.instantSeal) {
      o.setInstantSeal(true);
    } else if (sealing != null && sealing.blockTime != null) {
      o.setBlockTime(parseDuration(sealing.blockTime));
    }
    return o;
  }

  /** An SS58 address or {@code 0x} + 64 hex digits → the 32-byte account id. */
  byte[] account(String text) {
    String t = text.trim();
    try {
      if (t.startsWith("0x")) {
        byte[] b = java.util.HexFormat.of().parseHex(t.substring(2));
        if (b.length == 32) {
          return b;
        }
      } else {
        return Ss58.decode(t).publicKey();
      }
    } catch (IllegalArgumentException | InvalidAddressException e) {
      // reported below in one sentence
    }
    throw new ParameterException(
        spec.commandLine(),
        "--validator takes an SS58 address or 0x + 64 hex digits, '" + text + "' given");
  }

  Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s.trim());
    if (!m.matches()) {
      throw new ParameterException(
          spec.commandLine(), "--block-time must look like 6s, 500ms or 1m, '" + s + "' given");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
    if (d.isZero()) {
      throw new ParameterException(
          spec.commandLine(), "--block-time must be positive, '" + s + "' given");
    }
    return d;
  }

  @Override
  public Integer call() throws Exception {
    DevChainOptions o = options();
    DevChain chain = DevChain.start(o, ChainRuntime.dev()).join();
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    chain.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "ddc-chain-shutdown"));
    System.out.println("dev chain ready — " + chain.wsUri() + " (HTTP " + chain.httpUri() + ")");
    System.out.println(
        "  data      "
            + (o.getDataDir() == null ? chain.dataDir() + " (temporary)" : chain.dataDir()));
    System.out.println(
        "  sealing   "
            + (o.isInstantSeal() ? "instant" : "every " + o.getBlockTime().toMillis() + " ms"));
    System.out.println("  genesis   0x" + java.util.HexFormat.of().formatHex(chain.genesisHash()));
    System.out.println("Ctrl-C stops the chain.");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
