package io.ddc.launcher;

import io.ddc.chain.client.AccountInfo;
import io.ddc.chain.ddc.DdcChain;
import io.ddc.client.chain.Cere;
import io.ddc.client.chain.DdcChainClient;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.Ss58;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddc balance} and {@code ddc transfer}: an account's CERE and its deposit. */
final class BalanceCommand {
  private BalanceCommand() {}

  /** Runs {@code body} with a connected chain client, closing both afterwards. */
  interface ChainBody<T> {
    T run(DdcChainClient chain) throws Exception;
  }

  static <T> T withChain(ChainConnection conn, ChainBody<T> body) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DdcChainClient chain = conn.open(vertx)) {
      return body.run(chain);
    } finally {
      vertx.close();
    }
  }

  /**
   * The balance and deposit of {@code account} as output fields: planck strings for {@code --json},
   * CERE text otherwise.
   */
  static Map<String, Object> describe(DdcChainClient chain, byte[] account, boolean json)
      throws Exception {
    AccountInfo a = Futures.await(chain.balance(account), ChainConnection.TIMEOUT);
    Optional<DdcChain.Deposit> d = Futures.await(chain.depositOf(account), ChainConnection.TIMEOUT);
    BigInteger unlocking =
        d.map(x -> x.unlocking().stream().map(DdcChain.Unlocking::value))
            .orElseGet(java.util.stream.Stream::of)
            .reduce(BigInteger.ZERO, BigInteger::add);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", Ss58.encode(account, Ss58.CERE_PREFIX));
    m.put("free", amount(a.free(), json));
    m.put("reserved", amount(a.reserved(), json));
    m.put("frozen", amount(a.frozen(), json));
    m.put("deposit", amount(d.map(DdcChain.Deposit::active).orElse(BigInteger.ZERO), json));
    m.put("unlocking", amount(unlocking, json));
    m.put("cluster", "0x" + java.util.HexFormat.of().formatHex(chain.clusterId()));
    return m;
  }

  private static Object amount(BigInteger planck, boolean json) {
    return json ? planck : Cere.format(planck);
  }

  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = {
        "Show an account's free, reserved and frozen CERE and its deposit in the cluster",
        "(the account in use without ADDRESS). --json gives amounts in planck (10^-10 CERE)."
      },
      footer = {
        "",
        "Examples:",
        "  ./ddc balance",
        "  ./ddc balance 6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP --json"
      })
  static final class Balance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainConnection conn = new ChainConnection();
    @Mixin Output output = new Output();

    @Parameters(arity = "0..1", paramLabel = "ADDRESS", description = "SS58 address.")
    String address;

    @Override
    public Integer call() throws Exception {
      byte[] account =
          address != null
              ? Ss58.decode(address).publicKey()
              : conn.account.requireKey("a balance without ADDRESS").publicKey();
      Map<String, Object> fields = withChain(conn, c -> describe(c, account, output.json));
      output.print(spec.commandLine().getOut(), fields, null);
      return 0;
    }
  }

  @Command(
      name = "transfer",
      mixinStandardHelpOptions = true,
      description =
          "Send CERE from the account in use to another account (keeping the sender alive).",
      footer = {
        "",
        "Examples:",
        "  ./ddc transfer 100CERE --to 6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP",
        "  ./ddc transfer 1000CERE --to $(./ddc account show --json | jq -r .address) --signer //Alice"
      })
  static final class Transfer implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainConnection conn = new ChainConnection();
    @Mixin Output output = new Output();

    @Parameters(
        paramLabel = "AMOUNT",
        description = "Planck (10^-10 CERE) or CERE with a suffix, e.g. 12.5CERE.")
    String amount;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "Recipient.")
    String to;

    @Override
    public Integer call() throws Exception {
      BigInteger planck = Cere.parse(amount, "AMOUNT");
      byte[] recipient = Ss58.decode(to).publicKey();
      KeyPair from = conn.account.requireKey("a transfer");
      Map<String, Object> fields =
          withChain(
              conn,
              c -> {
                Futures.await(c.transfer(from, recipient, planck), ChainConnection.TIMEOUT);
                return describe(c, recipient, output.json);
              });
      spec.commandLine().getErr().println("sent " + Cere.format(planck) + " to " + to);
      output.print(spec.commandLine().getOut(), fields, null);
      return 0;
    }
  }
}
