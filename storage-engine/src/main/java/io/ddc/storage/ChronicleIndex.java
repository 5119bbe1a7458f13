package io.ddc.storage;

import io.ddc.storage.CorruptionListener.Corruption;
import io.ddc.storage.CorruptionListener.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The persisted, off-heap index (docs/spec/storage-format.md §5): two Chronicle Map files, {@code
 * pieces.cm3} (36-byte binary CID → {@link Location}) and {@code records.cm3} (32-byte BLAKE3 of
 * bucket, namespace and key → {@link Location}), and a {@code checkpoint} file naming the segment
 * position up to which the index is known to be complete and durable.
 *
 * <p>Concurrency: lookups from any thread; mutations only from the store's writer thread (or the
 * opening thread before it starts).
 */
final class ChronicleIndex implements AutoCloseable {

  static final int PIECE_KEY = 36;
  static final int RECORD_KEY = 32;
  private static final byte[] CHECKPOINT_MAGIC = "DDCCKPT1".getBytes(StandardCharsets.US_ASCII);

  /** Position up to which the index is complete; {@code clean} if written by a clean close. */
  record Checkpoint(long segmentId, long offset, boolean clean) {}

  private final Path dir;
  final ChronicleMap<byte[], byte[]> pieces;
  final ChronicleMap<byte[], byte[]> records;

  /** True if either map file had to be created (so the checkpoint does not describe it). */
  final boolean fresh;

  private ChronicleIndex(
      Path dir,
      ChronicleMap<byte[], byte[]> pieces,
      ChronicleMap<byte[], byte[]> records,
      boolean fresh) {
    this.dir = dir;
    this.pieces = pieces;
    this.records = records;
    this.fresh = fresh;
  }

  static {
    // Belt and braces: our processes never talk to Chronicle's analytics host (0001).
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
  }

  /**
   * Opens (or creates) the index files. A file that cannot be opened is reported, deleted and
   * created empty; {@link #fresh} then tells the caller to rebuild from the segments. A missing
   * file is reported unless {@code newStore} (no segment and no checkpoint exist yet).
   */
  static ChronicleIndex open(
      Path dir, long entries, boolean clean, boolean newStore, CorruptionListener listener)
      throws IOException {
    Files.createDirectories(dir);
    boolean[] fresh = {false};
    ChronicleMap<byte[], byte[]> pieces =
        openMap(
            dir.resolve("pieces.cm3"),
            "pieces",
            PIECE_KEY,
            entries,
            clean,
            newStore,
            listener,
            fresh);
    ChronicleMap<byte[], byte[]> records;
    try {
      records =
          openMap(
              dir.resolve("records.cm3"),
              "records",
              RECORD_KEY,
              entries / 4,
              clean,
              newStore,
              listener,
              fresh);
    } catch (IOException | RuntimeException e) {
      pieces.close();
      throw e;
    }
    return new ChronicleIndex(dir, pieces, records, fresh[0]);
  }

  private static ChronicleMap<byte[], byte[]> openMap(
      Path file,
      String name,
      int keySize,
      long entries,
      boolean clean,
      boolean newStore,
      CorruptionListener listener,
      boolean[] fresh)
      throws IOException {
    ChronicleMapBuilder<byte[], byte[]> b =
        ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name(name)
            .entries(Math.max(1000, entries))
            .maxBloatFactor(10)
            .constantKeySizeBySample(new byte[keySize])
            .constantValueSizeBySample(new byte[Location.SIZE]);
    if (Files.exists(file)) {
      try {
        if (clean) {
          return b.createPersistedTo(file.toFile());
        }
        return b.recoverPersistedTo(
            file.toFile(),
            true,
            c ->
                listener.onCorruption(
                    new Corruption(
                        Kind.INDEX_MISMATCH,
                        -1,
                        -1,
                        "index " + file.getFileName() + " recovery: " + c.message())));
      } catch (IOException | RuntimeException e) {
        listener.onCorruption(
            new Corruption(
                Kind.INDEX_REBUILT,
                -1,
                -1,
                "index "
                    + file.getFileName()
                    + " unreadable ("
                    + e
                    + "); rebuilding from segments"));
        Files.delete(file);
      }
    } else if (!newStore) {
      listener.onCorruption(
          new Corruption(
              Kind.INDEX_REBUILT,
              -1,
              -1,
              "index " + file.getFileName() + " missing; rebuilding from segments"));
    }
    fresh[0] = true;
    return b.createPersistedTo(file.toFile());
  }

  /** Forces the map files to disk (msync through the file descriptor). */
  void sync() throws IOException {
    for (String f : new String[] {"pieces.cm3", "records.cm3"}) {
      try (FileChannel ch = FileChannel.open(dir.resolve(f), StandardOpenOption.WRITE)) {
        ch.force(false);
      }
    }
  }

  /** The checkpoint in {@code dir}, or null if it is missing or damaged. */
  static Checkpoint readCheckpoint(Path dir) {
    Path p = dir.resolve("checkpoint");
    try {
      byte[] raw = Files.readAllBytes(p);
      if (raw.length != 32) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < CHECKPOINT_MAGIC.length; i++) {
        if (raw[i] != CHECKPOINT_MAGIC[i]) {
          return null;
        }
      }
      if (b.getInt(28) != RecordFormat.crc(ByteBuffer.wrap(raw, 0, 28))) {
        return null;
      }
      return new Checkpoint(b.getLong(8), b.getLong(16), b.getInt(24) == 1);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Atomically replaces the checkpoint. Callers sync the maps first (a checkpoint must never name
   * index entries that are not on disk).
   */
  void writeCheckpoint(Checkpoint c) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    b.put(CHECKPOINT_MAGIC).putLong(c.segmentId()).putLong(c.offset()).putInt(c.clean() ? 1 : 0);
    b.putInt(RecordFormat.crc(ByteBuffer.wrap(b.array(), 0, 28)));
    Path tmp = dir.resolve("checkpoint.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(b.flip());
      ch.force(true);
    }
    Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE);
    SegmentFiles.syncDirectory(dir);
  }

  Location get(ChronicleMap<byte[], byte[]> map, byte[] key) {
    byte[] v = map.get(key);
    return v == null ? null : Location.decode(v);
  }

  void forEach(ChronicleMap<byte[], byte[]> map, BiConsumer<byte[], Location> action) {
    map.forEachEntry(e -> action.accept(e.key().get(), Location.decode(e.value().get())));
  }

  @Override
  public void close() {
    pieces.close();
    records.close();
  }
}
