package io.ddc.edge;

import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * The node's index of DAG nodes by tag (docs/spec/search.md §2): an append-only log file, {@code
 * tags.log}, of {@code (bucket, DAG digest, tags)} entries, and in memory, per bucket and {@code
 * key=value} pair, the sorted set of digests carrying it. The memory side is rebuilt from the log
 * on {@link #open}; a torn or corrupt tail (a crash mid-append) is cut off there.
 *
 * <p>Threading: {@link #add} may be called from any thread; its future completes on the index's
 * writer thread once the entry is durable (entries arriving together share one fsync). {@link
 * #find} is safe from any thread and never blocks on I/O.
 */
final class TagIndex implements AutoCloseable {
  static final String FILE = "tags.log";

  /** Largest accepted entry body: a DAG node is a small record, its tags fit well below this. */
  static final int MAX_ENTRY = 1 << 20;

  private static final int HEADER = 8;

  /** One tag, exactly as stored on the DAG node. */
  record Pair(String key, String value) {}

  /** A 32-byte digest, ordered bytewise (unsigned), the order of pages. */
  record Digest(byte[] bytes) implements Comparable<Digest> {
    @Override
    public int compareTo(Digest o) {
      return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /** One page of matches: digests in ascending order, and whether more may follow the last. */
  record Page(List<byte[]> digests, boolean more) {}

  private record Entry(long bucket, Digest digest) {}

  private record Pending(
      long bucket, Digest digest, List<Pair> tags, byte[] body, CompletableFuture<Void> done) {}

  private final FileChannel log;
  private final ExecutorService writer;
  private final Object lock = new Object();
  private final Map<Long, Map<Pair, NavigableSet<Digest>>> byTag = new HashMap<>();
  private final Set<Entry> indexed = new HashSet<>();
  private final List<Pending> queue = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean drainScheduled;

  /** Set (on the writer thread only) when the log could not be restored after a failed append. */
  private IOException failed;

  private TagIndex(FileChannel log) {
    this.log = log;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ddc-tag-index");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens (or creates) the index in {@code dir} and loads it; a torn tail is truncated. Blocking:
   * call it off any event loop.
   */
  static TagIndex open(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              dir.resolve(FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      TagIndex index = new TagIndex(ch);
      long end = index.load();
      if (end < ch.size()) {
        ch.truncate(end);
        ch.force(true);
      }
      ch.position(end);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the tag index in " + dir + ": " + e, e);
    }
  }

  /** Reads every whole, checksummed entry; returns the offset after the last good one. */
  private long load() throws IOException {
    long pos = 0;
    long size = log.size();
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      head.clear();
      readFully(head, pos);
      int len = head.getInt(0);
      int crc = head.getInt(4);
      if (len <= 0 || len > MAX_ENTRY || pos + HEADER + len > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(len);
      readFully(body, pos + HEADER);
      if (crc(body.array()) != crc) {
        break;
      }
      Decoded d = decode(body.array());
      if (d == null) {
        break;
      }
      apply(d.bucket(), d.digest(), d.tags());
      pos += HEADER + len;
    }
    return pos;
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      if (log.read(b, at + b.position()) < 0) {
        throw new IOException("unexpected end of " + FILE);
      }
    }
  }

  private record Decoded(long bucket, Digest digest, List<Pair> tags) {}

  /** Body: bucket (u64) ‖ digest (32) ‖ a DAG {@code Node} protobuf holding only the tags. */
  static byte[] encode(long bucket, byte[] digest, List<Pair> tags) {
    Node.Builder n = Node.newBuilder();
    for (Pair p : tags) {
      n.addTags(Tag.newBuilder().setKey(p.key()).setValue(p.value()));
    }
    byte[] proto = n.build().toByteArray();
    return ByteBuffer.allocate(8 + 32 + proto.length)
        .putLong(bucket)
        .put(digest)
        .put(proto)
        .array();
  }

  private static Decoded decode(byte[] body) {
    if (body.length < 40) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    long bucket = b.getLong();
    byte[] digest = new byte[32];
    b.get(digest);
    try {
      Node n = Node.parseFrom(ByteBuffer.wrap(body, 40, body.length - 40));
      return new Decoded(bucket, new Digest(digest), pairs(n));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** The tags of a DAG node, de-duplicated, in their order on the node. */
  static List<Pair> pairs(Node node) {
    List<Pair> out = new ArrayList<>();
    for (Tag t : node.getTagsList()) {
      Pair p = new Pair(t.getKey(), t.getValue());
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private static int crc(byte[] body) {
    CRC32C c = new CRC32C();
    c.update(body);
    return (int) c.getValue();
  }

  private void apply(long bucket, Digest digest, List<Pair> tags) {
    synchronized (lock) {
      if (!indexed.add(new Entry(bucket, digest))) {
        return;
      }
      Map<Pair, NavigableSet<Digest>> b = byTag.computeIfAbsent(bucket, k -> new HashMap<>());
      for (Pair p : tags) {
        b.computeIfAbsent(p, k -> new TreeSet<>()).add(digest);
      }
    }
  }

  /** Whether {@code (bucket, digest)} is in the index already. */
  boolean contains(long bucket, byte[] digest) {
    synchronized (lock) {
      return indexed.contains(new Entry(bucket, new Digest(digest)));
    }
  }

  /**
   * Records that the DAG node {@code digest} of {@code bucket} carries {@code tags} (nothing to do
   * for no tags or an entry already indexed). Completes once the entry is durable; fails when the
   * log cannot be written.
   */
  CompletableFuture<Void> add(long bucket, byte[] digest, List<Pair> tags) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a DAG digest is 32 bytes, " + digest.length + " given");
    }
    if (tags.isEmpty() || contains(bucket, digest)) {
      return CompletableFuture.completedFuture(null);
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("tag index closed"));
    }
    byte[] body = encode(bucket, digest, tags);
    if (body.length > MAX_ENTRY) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "tags of " + body.length + " bytes exceed the index's limit of " + MAX_ENTRY));
    }
    Pending p =
        new Pending(
            bucket, new Digest(digest.clone()), List.copyOf(tags), body, new CompletableFuture<>());
    synchronized (queue) {
      queue.add(p);
      if (!drainScheduled) {
        drainScheduled = true;
        writer.execute(this::drain);
      }
    }
    return p.done();
  }

  /** Writes everything queued with one fsync, then makes it visible and completes the futures. */
  private void drain() {
    List<Pending> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue);
      queue.clear();
      drainScheduled = false;
    }
    if (failed != null) {
      for (Pending p : batch) {
        p.done().completeExceptionally(failed);
      }
      return;
    }
    long start = -1;
    try {
      start = log.position();
      List<ByteBuffer> bufs = new ArrayList<>();
      for (Pending p : batch) {
        byte[] body = p.body();
        bufs.add(ByteBuffer.allocate(HEADER).putInt(body.length).putInt(crc(body)).flip());
        bufs.add(ByteBuffer.wrap(body));
      }
      ByteBuffer[] all = bufs.toArray(ByteBuffer[]::new);
      long left = Arrays.stream(all).mapToLong(ByteBuffer::remaining).sum();
      while (left > 0) {
        left -= log.write(all);
      }
      log.force(false);
    } catch (IOException | RuntimeException e) {
      cutBack(start, e);
      for (Pending p : batch) {
        p.done().completeExceptionally(e);
      }
      return;
    }
    for (Pending p : batch) {
      apply(p.bucket(), p.digest(), p.tags());
      p.done().complete(null);
    }
  }

  /**
   * After a failed append, cuts the log back to where the batch started, so that later entries are
   * not stranded behind torn bytes (loading stops at the first bad entry). When even that fails,
   * every later {@link #add} fails.
   */
  private void cutBack(long start, Exception cause) {
    if (start < 0) {
      return;
    }
    try {
      log.truncate(start);
      log.position(start);
    } catch (IOException e) {
      e.addSuppressed(cause);
      failed = new IOException("tag index unusable after a failed append: " + e, e);
    }
  }

  /**
   * DAG digests of {@code bucket} carrying every one of {@code tags}, ascending, strictly after
   * {@code after} (null: from the start), at most {@code limit}.
   */
  Page find(long bucket, List<Pair> tags, byte[] after, int limit) {
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one tag");
    }
    synchronized (lock) {
      Map<Pair, NavigableSet<Digest>> b = byTag.getOrDefault(bucket, Map.of());
      List<NavigableSet<Digest>> sets = new ArrayList<>();
      for (Pair p : tags) {
        NavigableSet<Digest> s = b.get(p);
        if (s == null) {
          return new Page(List.of(), false);
        }
        sets.add(s);
      }
      sets.sort((x, y) -> Integer.compare(x.size(), y.size()));
      NavigableSet<Digest> smallest = sets.get(0);
      Iterable<Digest> from = after == null ? smallest : smallest.tailSet(new Digest(after), false);
      List<byte[]> out = new ArrayList<>();
      for (Digest d : from) {
        if (sets.stream().allMatch(s -> s.contains(d))) {
          if (out.size() == limit) {
            return new Page(out, true);
          }
          out.add(d.bytes().clone());
        }
      }
      return new Page(out, false);
    }
  }

  /** Number of indexed DAG nodes (all buckets). */
  int size() {
    synchronized (lock) {
      return indexed.size();
    }
  }

  /** Waits for queued entries, then closes the log. Blocking. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
      log.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
