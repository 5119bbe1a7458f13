package io.ddc.storage;

import io.ddc.protocol.cid.Cid;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Child process of {@link CrashRecoveryTest}: writes pieces in a loop (four in flight) and prints
 * {@code ACK <seed> <size> <cid>} after each commit completes, until it is killed.
 *
 * <p>Usage: {@code CrashWriterMain DIR FIRST_SEED [--wait SCRATCH_DIR]}: with {@code --wait} it
 * warms up on a scratch store, prints {@code WARM} and opens DIR only after reading {@code GO}.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  /** Content of the piece with {@code seed}. */
  static byte[] content(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Size of the piece with {@code seed}: 0..1.5 MiB (large ones are appended payload first), skewed
   * small.
   */
  static int size(long seed) {
    Random r = new Random(seed * 31 + 7);
    return r.nextInt(4) == 0 ? r.nextInt(1536 * 1024) : r.nextInt(8 * 1024);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    PrintStream out = System.out;
    if (args.length > 2 && args[2].equals("--wait")) {
      // Pay JVM and Chronicle start-up (it compiles classes at run time) on a scratch store while
      // the parent still checks the previous round, then wait for the go.
      Path scratch = Path.of(args[3]);
      PieceStore.openOrRecover(
              scratch,
              new StoreOptions().indexEntries(1000).minFreeDiskBytes(0),
              CorruptionListener.ignoring())
          .close();
      out.println("WARM");
      out.flush();
      if (!"GO"
          .equals(
              new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine())) {
        return;
      }
    }
    PieceStore store =
        PieceStore.openOrRecover(
            dir,
            new StoreOptions().segmentSize(2 << 20).indexEntries(10_000).minFreeDiskBytes(0),
            c -> System.err.println("child recovery: " + c));
    out.println("READY");
    out.flush();

    Semaphore inFlight = new Semaphore(4);
    while (true) {
      inFlight.acquire();
      long s = seed++;
      int size = size(s);
      byte[] content = content(s, size);
      PieceWriter w = store.newPiece(1, Cid.Codec.RAW);
      int half = size / 2;
      CompletableFuture<PieceInfo> f =
          w.write(ByteBuffer.wrap(content, 0, half))
              .thenCompose(v -> w.write(ByteBuffer.wrap(content, half, size - half)))
              .thenCompose(v -> w.commit());
      f.whenComplete(
          (info, e) -> {
            if (e == null) {
              synchronized (out) {
                out.println("ACK " + s + " " + size + " " + info.cid());
                out.flush();
              }
            } else {
              System.err.println("write failed: " + e);
            }
            inFlight.release();
          });
    }
  }
}
