package io.ddc.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The root {@code ddc} command. Subcommands start processes (node, devnet, chain) or manage keys.
 */
@Command(
    name = "ddc",
    mixinStandardHelpOptions = true,
    versionProvider = DdcCommand.Version.class,
    description = "Decentralized Data Cloud for the JVM: nodes, dev chain, keys.",
    footer = {
      "",
      "Examples:",
      "  ./ddc devnet                          dev chain and nodes; see devnet-data/devnet.json",
      "  ./ddc node --data-dir node-data       one node (HTTP 8080, gRPC 9090)",
      "  ./ddc chain --dev --tmp               a throw-away dev chain on port 9944",
      "  ./ddc key generate --scheme sr25519   a new account key",
      "  ./ddc account new && ./ddc balance    your account (~/.ddc/key.json) and its CERE",
      "  ./ddc put --bucket 1 site/ --name www a directory as a DAG; ./ddc get, ls, share",
      "  ./ddc <command> --help                help for one command"
    },
    subcommands = {
      NodeCommand.class,
      DevnetCommand.class,
      ChainCommand.class,
      ValidatorCommand.class,
      ClusterCommand.class,
      KeyCommand.class,
      StoreCommand.class,
      AccountCommand.class,
      BalanceCommand.Balance.class,
      BalanceCommand.Transfer.class,
      DepositCommand.Deposit.class,
      DepositCommand.Unlock.class,
      DepositCommand.Withdraw.class,
      BucketCommand.class,
      ClientCommands.Put.class,
      ClientCommands.Get.class,
      ClientCommands.Ls.class,
      ClientCommands.Search.class,
      ClientCommands.PublishKey.class,
      ClientCommands.Name.class,
      ClientCommands.Token.class,
      ClientCommands.Share.class,
      io.ddc.loadtest.LoadtestCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class DdcCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * A command line for the root command with our error conventions: a failure prints one human
   * sentence prefixed {@code ddc: } on stderr and exits 1 (usage errors exit 2, as picocli does);
   * stack traces only with {@code DDC_DEBUG=1}.
   */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new DdcCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new OneLineErrors());
    return cl;
  }

  static final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      Throwable t = ex;
      while (t.getMessage() == null && t.getCause() != null) {
        t = t.getCause();
      }
      err.println("ddc: " + message(t));
      if ("1".equals(System.getenv("DDC_DEBUG"))) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
  }

  /**
   * The one line a user reads for {@code t}: a file system error names the file and what is wrong
   * with it (the JDK's messages of these are the bare path).
   */
  static String message(Throwable t) {
    if (t instanceof java.nio.file.NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof java.nio.file.AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException e) {
      return e.getFile() + ": already exists";
    }
    if (t instanceof java.nio.file.NotDirectoryException e) {
      return e.getFile() + ": not a directory";
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DdcCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ddc " + (v != null ? v : "development build")};
    }
  }
}
