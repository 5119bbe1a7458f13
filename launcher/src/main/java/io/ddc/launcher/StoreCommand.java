package io.ddc.launcher;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddc store}: offline work on a node's piece store (docs/spec/storage-format.md). */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Work on a piece store directory directly (the node must not be running on it).",
    subcommands = {StoreCommand.Import.class})
final class StoreCommand implements Runnable {

  @Override
  public void run() {
    throw new ParameterException(
        new picocli.CommandLine(this), "choose a subcommand, e.g. 'ddc store import --help'");
  }

  /** {@code ddc store import}: stores files as raw pieces and prints their CIDs. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "Store each file as one raw piece of the bucket and print '<cid> <file>' per line.",
        "Recovery findings of the store go to standard error."
      },
      footer = {
        "",
        "Example:",
        "  ./ddc store import --data-dir devnet-data/node-1/store --bucket 1 photo.jpg notes.txt"
      })
  static final class Import implements Callable<Integer> {
    private static final int CHUNK = 1 << 20;

    @Spec CommandSpec spec;

    @Option(
        names = "--data-dir",
        required = true,
        paramLabel = "DIR",
        description = "The store directory (created if absent).")
    Path dataDir;

    @Option(
        names = "--bucket",
        required = true,
        paramLabel = "N",
        description = "Bucket id the pieces are stored in.")
    long bucket;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to store.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          throw new ParameterException(spec.commandLine(), "not a regular file: " + f);
        }
      }
      try (PieceStore store =
          PieceStore.openOrRecover(
              dataDir,
              new StoreOptions(),
              c -> System.err.println("store: " + c.kind() + ": " + c.message()))) {
        for (Path f : files) {
          PieceInfo info = importFile(store, f);
          System.out.println(info.cid() + " " + f);
        }
      }
      return 0;
    }

    /** The result; a failure is rethrown as itself (a StoreException names the problem). */
    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
      try {
        return f.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }

    private PieceInfo importFile(PieceStore store, Path file) throws IOException {
      PieceWriter w = store.newPiece(bucket, Cid.Codec.RAW);
      byte[] buf = new byte[CHUNK];
      try (InputStream in = Files.newInputStream(file)) {
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
          await(w.write(ByteBuffer.wrap(buf, 0, n)));
        }
        return await(w.commit());
      } catch (IOException | RuntimeException e) {
        w.abort();
        throw e;
      }
    }
  }
}
