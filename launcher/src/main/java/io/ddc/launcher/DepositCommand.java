package io.ddc.launcher;

import io.ddc.client.chain.Cere;
import io.ddc.client.chain.DdcChainClient;
import io.ddc.crypto.KeyPair;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddc deposit}, {@code ddc unlock}, {@code ddc withdraw}: the account's deposit in the
 * cluster, which pays for storage and delivery. Each prints the balance afterwards, as {@code ddc
 * balance} does.
 */
final class DepositCommand {
  private DepositCommand() {}

  /** Signs one deposit transaction as the account in use, then prints its balance. */
  abstract static class DepositTx implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainConnection conn = new ChainConnection();
    @Mixin Output output = new Output();

    /** The transaction for {@code owner}. */
    abstract BiFunction<DdcChainClient, KeyPair, Future<Void>> tx() throws Exception;

    /** What was done, for stderr. */
    abstract String done();

    @Override
    public Integer call() throws Exception {
      BiFunction<DdcChainClient, KeyPair, Future<Void>> tx = tx();
      KeyPair owner = conn.account.requireKey(spec.name());
      Map<String, Object> fields =
          BalanceCommand.withChain(
              conn,
              c -> {
                Futures.await(tx.apply(c, owner), ChainConnection.TIMEOUT);
                return BalanceCommand.describe(c, owner.publicKey(), output.json);
              });
      spec.commandLine().getErr().println(done());
      output.print(spec.commandLine().getOut(), fields, null);
      return 0;
    }
  }

  /** A transaction over an amount of CERE. */
  abstract static class AmountTx extends DepositTx {
    @Parameters(
        paramLabel = "AMOUNT",
        description = "Planck (10^-10 CERE) or CERE with a suffix, e.g. 100CERE.")
    String amount;

    /** The transaction for {@code planck}. */
    abstract BiFunction<DdcChainClient, KeyPair, Future<Void>> tx(BigInteger planck);

    /** The past tense of the transaction, e.g. "deposited". */
    abstract String verb();

    @Override
    BiFunction<DdcChainClient, KeyPair, Future<Void>> tx() {
      return tx(Cere.parse(amount, "AMOUNT"));
    }

    @Override
    String done() {
      return verb() + " " + Cere.format(Cere.parse(amount, "AMOUNT"));
    }
  }

  @Command(
      name = "deposit",
      mixinStandardHelpOptions = true,
      description = {
        "Add CERE to your deposit in the cluster (opens it the first time). Buckets' storage and",
        "traffic are paid from it."
      },
      footer = {"", "Examples:", "  ./ddc deposit 100CERE", "  ./ddc deposit 1000000000000 --json"})
  static final class Deposit extends AmountTx {
    @Override
    BiFunction<DdcChainClient, KeyPair, Future<Void>> tx(BigInteger planck) {
      return (c, k) -> c.deposit(k, planck);
    }

    @Override
    String verb() {
      return "deposited";
    }
  }

  @Command(
      name = "unlock",
      mixinStandardHelpOptions = true,
      description =
          "Start unlocking part of your deposit; 'ddc withdraw' moves it back after the unlocking delay.",
      footer = {"", "Example:", "  ./ddc unlock 40CERE"})
  static final class Unlock extends AmountTx {
    @Override
    BiFunction<DdcChainClient, KeyPair, Future<Void>> tx(BigInteger planck) {
      return (c, k) -> c.unlock(k, planck);
    }

    @Override
    String verb() {
      return "unlocking";
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description = "Move every unlocked part of your deposit back to your free balance.",
      footer = {"", "Example:", "  ./ddc withdraw"})
  static final class Withdraw extends DepositTx {
    @Override
    BiFunction<DdcChainClient, KeyPair, Future<Void>> tx() {
      return DdcChainClient::withdraw;
    }

    @Override
    String done() {
      return "withdrew what was unlocked";
    }
  }
}
