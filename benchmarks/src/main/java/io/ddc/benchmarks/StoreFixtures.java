package io.ddc.benchmarks;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Shared set-up of the storage benchmarks: scratch directories and bulk loading. */
final class StoreFixtures {
  private StoreFixtures() {}

  /** A fresh directory under {@code ddc.bench.dir} (default: the system temp directory). */
  static Path scratch(String name) {
    try {
      Path base =
          Path.of(System.getProperty("ddc.bench.dir", System.getProperty("java.io.tmpdir")));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] content(long seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static PieceStore open(Path dir, StoreOptions.FsyncPolicy policy) {
    return PieceStore.openOrRecover(
        dir,
        new StoreOptions().fsyncPolicy(policy).indexEntries(200_000),
        c -> System.err.println("store finding: " + c));
  }

  /** Stores {@code count} pieces of {@code size} bytes, 64 in flight; returns their CIDs. */
  static List<Cid> load(PieceStore store, int count, int size) {
    List<Cid> cids = new ArrayList<>(count);
    List<CompletableFuture<PieceInfo>> window = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] b = content(i, size);
      PieceWriter w = store.newPiece(1, Cid.Codec.RAW);
      window.add(w.write(ByteBuffer.wrap(b)).thenCompose(v -> w.commit()));
      if (window.size() == 64 || i == count - 1) {
        window.forEach(f -> cids.add(f.join().cid()));
        window.clear();
      }
    }
    return cids;
  }
}
