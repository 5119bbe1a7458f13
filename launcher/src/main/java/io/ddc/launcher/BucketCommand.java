package io.ddc.launcher;

import io.ddc.chain.ddc.DdcChain;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.Ss58;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddc bucket create|list|show|remove}: the account's buckets on chain. */
@Command(
    name = "bucket",
    mixinStandardHelpOptions = true,
    description = "Create, list, show and remove buckets (on chain, in the cluster).",
    subcommands = {
      BucketCommand.Create.class,
      BucketCommand.ListBuckets.class,
      BucketCommand.Show.class,
      BucketCommand.Remove.class
    },
    footer = {
      "",
      "Examples:",
      "  BUCKET=$(./ddc bucket create --private)   prints the new bucket's id",
      "  ./ddc bucket list --json",
      "  ./ddc bucket show 3",
      "  ./ddc bucket remove 3"
    })
final class BucketCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Map<String, Object> describe(DdcChain.Bucket b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("public", b.isPublic());
    m.put("owner", Ss58.encode(b.owner(), Ss58.CERE_PREFIX));
    m.put("cluster", "0x" + HexFormat.of().formatHex(b.clusterId()));
    m.put("removed", b.isRemoved());
    return m;
  }

  /** Options of every bucket command. */
  abstract static class BucketCall implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainConnection conn = new ChainConnection();
    @Mixin Output output = new Output();
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a bucket owned by the account in use and print its id. Public buckets may be read",
        "by anyone; private ones need the owner's key or a token (ddc token, ddc share)."
      })
  static final class Create extends BucketCall {
    @Option(names = "--private", description = "Readable only with a key or token.")
    boolean isPrivate;

    @Override
    public Integer call() throws Exception {
      KeyPair owner = conn.account.requireKey("creating a bucket");
      long id =
          BalanceCommand.withChain(
              conn, c -> Futures.await(c.createBucket(owner, !isPrivate), ChainConnection.TIMEOUT));
      output.print(
          spec.commandLine().getOut(),
          Map.of("id", id, "public", !isPrivate),
          Long.toUnsignedString(id));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the buckets an account owns (the account in use without --owner).")
  static final class ListBuckets extends BucketCall {
    @Option(names = "--owner", paramLabel = "ADDRESS", description = "Whose buckets.")
    String owner;

    @Override
    public Integer call() throws Exception {
      byte[] who =
          owner != null
              ? Ss58.decode(owner).publicKey()
              : conn.account.requireKey("listing your buckets").publicKey();
      List<DdcChain.Bucket> buckets =
          BalanceCommand.withChain(
              conn, c -> Futures.await(c.bucketsOf(who), ChainConnection.TIMEOUT));
      output.printRows(
          spec.commandLine().getOut(),
          buckets.stream().map(BucketCommand::describe).toList(),
          "no buckets");
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one bucket.")
  static final class Show extends BucketCall {
    @Parameters(paramLabel = "ID", description = "Bucket id.")
    long id;

    @Override
    public Integer call() throws Exception {
      DdcChain.Bucket b =
          BalanceCommand.withChain(conn, c -> Futures.await(c.bucket(id), ChainConnection.TIMEOUT))
              .orElseThrow(() -> new IllegalArgumentException("bucket " + id + " does not exist"));
      output.print(spec.commandLine().getOut(), describe(b), null);
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a bucket you own (the chain keeps it, marked removed).")
  static final class Remove extends BucketCall {
    @Parameters(paramLabel = "ID", description = "Bucket id.")
    long id;

    @Override
    public Integer call() throws Exception {
      KeyPair owner = conn.account.requireKey("removing a bucket");
      BalanceCommand.withChain(
          conn, c -> Futures.await(c.removeBucket(owner, id), ChainConnection.TIMEOUT));
      spec.commandLine().getErr().println("bucket " + id + " removed");
      output.print(
          spec.commandLine().getOut(),
          Map.of("id", id, "removed", true),
          Long.toUnsignedString(id));
      return 0;
    }
  }
}
