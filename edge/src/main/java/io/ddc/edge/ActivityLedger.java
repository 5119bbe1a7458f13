package io.ddc.edge;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.crypto.KeyPair;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.common.Signature;
import io.ddc.protocol.proto.nodeactivity.ActivityFulfillment;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import io.ddc.protocol.proto.nodeactivity.ActivityResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable per-era activity (docs/spec/activity-api.md §3, §4, §5, §8): one node-signed
 * record per served client request, appended to {@code <era>.log} by one writer thread with group
 * commit (a call's future completes once its record is fsync'd), and per-era sealing into {@code
 * <era>.sealed.json} once the era is over. Queries read sealed, immutable files on Vert.x workers.
 */
final class ActivityLedger implements ActivityLog {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityLedger.class);
  private static final HexFormat HEX = HexFormat.of();
  private static final String LOG_SUFFIX = ".log";
  private static final String SEALED_SUFFIX = ".sealed.json";
  private static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
  private static final int SEALED_CACHE = 3;

  /**
   * Who owns each of the given buckets (32 bytes; absent when unknown). May block; runs on the
   * writer thread, so implementations look all buckets up at once.
   */
  interface Owners extends Function<Set<Long>, Map<Long, byte[]>> {}

  /** A sealed era with its leaves, ready to answer records and challenges. */
  record Sealed(long era, JsonObject summary, Map<Long, List<Leaf>> leaves) {
    List<Leaf> bucket(long bucketId) {
      return leaves.getOrDefault(bucketId, List.of());
    }
  }

  /** One Merkle leaf: the signed record as served, its claimed usage and its hash. */
  record Leaf(byte[] record, ActivityUsage usage, byte[] hash) {}

  private record Pending(
      ActivityCapture.Request request,
      ActivityAcknowledgment ack,
      long elapsedMillis,
      Context context,
      Promise<Void> done) {}

  private final Vertx vertx;
  private final Path dir;
  private final ActivityUsage.Eras eras;
  private final Clock clock;
  private final KeyPair nodeKey;
  private final double inflate;
  private final Owners owners;
  private final ExecutorService writer;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentSkipListMap<Long, Integer> counts = new ConcurrentSkipListMap<>();
  private final Set<Long> sealed = ConcurrentHashMap.newKeySet();
  private final Set<Long> knownBuckets = ConcurrentHashMap.newKeySet();
  private final Map<Long, Sealed> cache = new LinkedHashMap<>();
  private volatile boolean closed;
  private volatile long firstEra;
  private long timer = -1;
  // writer thread only
  private FileChannel current;
  private long currentEra = Long.MIN_VALUE;
  private long lastTimestamp;
  private long lastSealed;
  private Map<Long, Long> lastClosing = new TreeMap<>();

  /**
   * What a ledger needs: its directory, the era length, the node clock and key, the fault-injection
   * inflation factor (1.0 = honest) and the bucket owners for sealing.
   */
  record Config(
      Path dir,
      ActivityUsage.Eras eras,
      Clock clock,
      KeyPair nodeKey,
      double inflate,
      Owners owners) {}

  private ActivityLedger(Vertx vertx, Config c) {
    this.vertx = vertx;
    this.dir = c.dir();
    this.eras = c.eras();
    this.clock = c.clock();
    this.nodeKey = c.nodeKey();
    this.inflate = c.inflate();
    this.owners = c.owners();
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ddc-activity");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens (recovering torn tails and sealing every era that ended meanwhile) the ledger in the
   * configured directory, then checks for ended eras every 1/20 era (0.2 … 5 s).
   */
  static Future<ActivityLedger> open(Vertx vertx, Config config) {
    ActivityLedger l = new ActivityLedger(vertx, config);
    Promise<ActivityLedger> p = Promise.promise();
    Context ctx = vertx.getOrCreateContext();
    l.writer.execute(
        () -> {
          try {
            l.recover();
            l.sealDue();
            ctx.runOnContext(v -> p.complete(l));
          } catch (IOException | RuntimeException e) {
            l.writer.shutdown();
            ctx.runOnContext(v -> p.fail(e));
          }
        });
    return p.future()
        .onSuccess(
            x -> {
              long tick = Math.max(200, Math.min(5_000, config.eras().eraMillis() / 20));
              x.timer = vertx.setPeriodic(tick, id -> x.writer.execute(x::sealDueLogged));
            });
  }

  String nodeIdHex() {
    return "0x" + HEX.formatHex(nodeKey.publicKey());
  }

  KeyPair nodeKey() {
    return nodeKey;
  }

  ActivityUsage.Eras eras() {
    return eras;
  }

  // ------------------------------------------------------------------ writing

  @Override
  public Future<Void> served(
      ActivityCapture.Request request, ActivityAcknowledgment lastAck, long elapsedMillis) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("activity ledger closed"));
    }
    Context ctx = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    queue.add(new Pending(request, lastAck, elapsedMillis, ctx, done));
    try {
      writer.execute(this::drain);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Future.failedFuture(new IllegalStateException("activity ledger closed"));
    }
    return done.future();
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>();
    for (Pending p; (p = queue.poll()) != null; ) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      return;
    }
    Throwable failure = null;
    try {
      for (Pending p : batch) {
        append(p);
      }
      if (current != null) {
        current.force(false);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("activity log append failed: {}", e.toString());
      failure = e;
    }
    for (Pending p : batch) {
      Throwable f = failure;
      p.context()
          .runOnContext(
              v -> {
                if (f == null) {
                  p.done().tryComplete();
                } else {
                  p.done().tryFail(f);
                }
              });
    }
  }

  private void append(Pending p) throws IOException {
    long ts = Math.max(clock.millis(), lastTimestamp);
    lastTimestamp = ts;
    long era = eras.eraOf(ts);
    if (era != currentEra) {
      rotate(era);
    }
    byte[] record = sign(p, ts);
    byte[] entry = entry(record);
    ByteBuffer b = ByteBuffer.wrap(entry);
    while (b.hasRemaining()) {
      current.write(b);
    }
    counts.merge(era, 1, Integer::sum);
    knownBuckets.add(p.request().parsed().getBucketId());
  }

  private byte[] sign(Pending p, long timestamp) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    ActivityFulfillment.Builder f =
        ActivityFulfillment.newBuilder()
            .setRequest(p.request().parsed())
            .setResponse(
                ActivityResponse.newBuilder()
                    .setStatus(ActivityResponse.Status.OK)
                    .setTime((int) Math.min(0xffffffffL, Math.max(0, p.elapsedMillis()))));
    if (p.ack() != null) {
      f.setAck(p.ack());
    }
    ActivityRecord.Builder r =
        ActivityRecord.newBuilder()
            .setId(ByteString.copyFrom(id))
            .setUpstream(f)
            .setTimestamp(timestamp);
    byte[] signature = nodeKey.sign(r.build().toByteArray());
    return r.setSignature(
            Signature.newBuilder()
                .setAlgorithm(Signature.Algorithm.ED_25519)
                .setSigner(ByteString.copyFrom(nodeKey.publicKey()))
                .setValue(ByteString.copyFrom(signature)))
        .build()
        .toByteArray();
  }

  static byte[] entry(byte[] record) {
    CRC32C crc = new CRC32C();
    crc.update(record);
    ByteBuffer b = ByteBuffer.allocate(8 + record.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(record.length).put(record).putInt((int) crc.getValue());
    return b.array();
  }

  private void rotate(long era) throws IOException {
    if (current != null) {
      current.force(false);
      current.close();
      current = null;
    }
    currentEra = era;
    if (era <= lastSealed) {
      throw new IOException("era " + era + " is already sealed; the node clock went back");
    }
    current =
        FileChannel.open(
            logFile(era),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    forceDir();
  }

  // ------------------------------------------------------------------ recovery and sealing

  private void recover() throws IOException {
    Files.createDirectories(dir);
    long now = eras.eraOf(clock.millis());
    long first = Long.MAX_VALUE;
    long maxSealed = Long.MIN_VALUE;
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(SEALED_SUFFIX)) {
          long era = Long.parseLong(name.substring(0, name.length() - SEALED_SUFFIX.length()));
          sealed.add(era);
          first = Math.min(first, era);
          maxSealed = Math.max(maxSealed, era);
        } else if (name.endsWith(LOG_SUFFIX)) {
          first = Math.min(first, Long.parseLong(name.substring(0, name.length() - 4)));
        } else if (name.endsWith(".tmp")) {
          Files.delete(f);
        }
      }
    }
    if (first == Long.MAX_VALUE) {
      first = now;
      Files.write(logFile(now), new byte[0]);
      forceDir();
    }
    firstEra = first;
    lastSealed = maxSealed == Long.MIN_VALUE ? first - 1 : maxSealed;
    for (long era : sealed) {
      JsonObject s = summary(era);
      counts.put(era, s.getInteger("records"));
      if (era == lastSealed) {
        lastClosing = closing(s);
        knownBuckets.addAll(lastClosing.keySet());
      }
    }
    for (long era = lastSealed + 1; era <= Math.max(now, lastSealed + 1); era++) {
      if (Files.exists(logFile(era))) {
        List<byte[]> records = readLog(era, true);
        counts.put(era, records.size());
        for (byte[] bytes : records) {
          ActivityRecord r = parse(bytes, era);
          knownBuckets.add(r.getUpstream().getRequest().getBucketId());
          lastTimestamp = Math.max(lastTimestamp, r.getTimestamp());
        }
      }
    }
  }

  /** Seals the eras that ended now rather than on the next tick (tests, shutdown paths). */
  Future<Void> sealNow() {
    Promise<Void> p = Promise.promise();
    Context ctx = vertx.getOrCreateContext();
    writer.execute(
        () -> {
          try {
            sealDue();
            ctx.runOnContext(v -> p.complete());
          } catch (IOException | RuntimeException e) {
            ctx.runOnContext(v -> p.fail(e));
          }
        });
    return p.future();
  }

  private void sealDueLogged() {
    try {
      sealDue();
    } catch (IOException | RuntimeException e) {
      LOG.error("activity era sealing failed (retried on the next tick): {}", e.toString());
    }
  }

  /** Seals every era that ended and is not sealed yet, in order. Writer thread. */
  private void sealDue() throws IOException {
    if (closed) {
      return;
    }
    // records never get a timestamp before a sealing, even if the clock steps back
    lastTimestamp = Math.max(lastTimestamp, clock.millis());
    long now = eras.eraOf(lastTimestamp);
    if (currentEra != Long.MIN_VALUE && currentEra < now && current != null) {
      current.force(false);
      current.close();
      current = null;
      currentEra = Long.MIN_VALUE;
    }
    while (lastSealed + 1 < now) {
      seal(lastSealed + 1);
    }
  }

  private void seal(long era) throws IOException {
    List<byte[]> records = Files.exists(logFile(era)) ? readLog(era, false) : List.of();
    TreeMap<Long, List<Leaf>> byBucket = leaves(records, era, inflate);
    TreeMap<Long, Long> opening = new TreeMap<>(lastClosing);
    Set<Long> buckets = new java.util.TreeSet<>(byBucket.keySet());
    opening.forEach(
        (b, v) -> {
          if (v != 0) {
            buckets.add(b);
          }
        });
    Map<Long, byte[]> owner = owners.apply(buckets);
    JsonArray bucketJson = new JsonArray();
    List<byte[]> all = new ArrayList<>();
    long[] node = new long[4];
    Map<Long, Long> closing = new TreeMap<>();
    for (long b : buckets) {
      List<Leaf> leaves = byBucket.getOrDefault(b, List.of());
      long open = opening.getOrDefault(b, 0L);
      long stored = open;
      long full = open;
      long delivered = 0;
      long puts = 0;
      long gets = 0;
      List<byte[]> hashes = new ArrayList<>(leaves.size());
      for (Leaf l : leaves) {
        stored += l.usage().stored();
        full += l.usage().storedFull();
        delivered += l.usage().delivered();
        puts += l.usage().puts();
        gets += l.usage().gets();
        hashes.add(l.hash());
      }
      all.addAll(hashes);
      closing.put(b, full);
      node[0] += stored;
      node[1] += delivered;
      node[2] += puts;
      node[3] += gets;
      bucketJson.add(
          new JsonObject()
              .put("bucket_id", b)
              .put("customer_id", hex(owner.getOrDefault(b, new byte[32])))
              .put("stored_bytes", stored)
              .put("transferred_bytes", delivered)
              .put("number_of_puts", puts)
              .put("number_of_gets", gets)
              .put("records", leaves.size())
              .put("opening_stored_bytes", open)
              .put("closing_stored_bytes", full)
              .put("merkle_root", hex(ActivityMerkle.root(hashes))));
    }
    JsonObject summary =
        new JsonObject()
            .put("era", era)
            .put("time_start", eras.start(era))
            .put("time_end", eras.end(era))
            .put("records", records.size())
            .put("inflate", inflate)
            .put(
                "node",
                new JsonObject()
                    .put("node_id", nodeIdHex())
                    .put("stored_bytes", node[0])
                    .put("transferred_bytes", node[1])
                    .put("number_of_puts", node[2])
                    .put("number_of_gets", node[3])
                    .put("records", records.size())
                    .put("merkle_root", hex(ActivityMerkle.root(all))))
            .put("buckets", bucketJson);
    Path tmp = dir.resolve(era + SEALED_SUFFIX + ".tmp");
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(summary.encode().getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    Files.move(tmp, sealedFile(era), StandardCopyOption.ATOMIC_MOVE);
    forceDir();
    lastClosing = closing;
    lastSealed = era;
    sealed.add(era);
    counts.put(era, records.size());
    LOG.info(
        "activity era {} sealed: {} records, {} buckets, root {}",
        era,
        records.size(),
        buckets.size(),
        summary.getJsonObject("node").getString("merkle_root"));
  }

  /** The era's leaves grouped by bucket (ascending), each bucket in log order. */
  private TreeMap<Long, List<Leaf>> leaves(List<byte[]> records, long era, double factor) {
    TreeMap<Long, List<Leaf>> out = new TreeMap<>();
    for (byte[] bytes : records) {
      ActivityRecord r = parse(bytes, era);
      ActivityUsage u = ActivityUsage.of(r, eras, era, factor);
      out.computeIfAbsent(r.getUpstream().getRequest().getBucketId(), k -> new ArrayList<>())
          .add(new Leaf(bytes, u, ActivityMerkle.leafHash(u.stored(), u.delivered(), bytes)));
    }
    return out;
  }

  private static ActivityRecord parse(byte[] bytes, long era) {
    try {
      return ActivityRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("era " + era + ": undecodable activity record", e);
    }
  }

  /**
   * The records of an era's log. {@code repair}: a torn or corrupt tail is truncated (logged);
   * otherwise any bad entry fails.
   */
  private List<byte[]> readLog(long era, boolean repair) throws IOException {
    Path file = logFile(era);
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.remaining() > 0) {
      int start = b.position();
      String problem = null;
      if (b.remaining() < 8) {
        problem = "torn entry header";
      } else {
        int len = b.getInt();
        if (len < 0 || len > MAX_RECORD_BYTES || b.remaining() < len + 4) {
          problem = "torn or oversized entry (" + len + " bytes)";
        } else {
          byte[] rec = new byte[len];
          b.get(rec);
          CRC32C crc = new CRC32C();
          crc.update(rec);
          if (b.getInt() != (int) crc.getValue()) {
            problem = "checksum mismatch";
          } else {
            out.add(rec);
            continue;
          }
        }
      }
      if (!repair) {
        throw new IOException(file + " @ " + start + ": " + problem);
      }
      LOG.warn(
          "activity log {} @ {}: {}; truncating {} bytes",
          file,
          start,
          problem,
          all.length - start);
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        c.truncate(start);
        c.force(true);
      }
      break;
    }
    return out;
  }

  private static Map<Long, Long> closing(JsonObject summary) {
    Map<Long, Long> m = new TreeMap<>();
    for (Object o : summary.getJsonArray("buckets")) {
      JsonObject b = (JsonObject) o;
      m.put(b.getLong("bucket_id"), b.getLong("closing_stored_bytes"));
    }
    return m;
  }

  private Path logFile(long era) {
    return dir.resolve(era + LOG_SUFFIX);
  }

  private Path sealedFile(long era) {
    return dir.resolve(era + SEALED_SUFFIX);
  }

  private void forceDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync {}: {}", dir, e.toString());
    }
  }

  static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  // ------------------------------------------------------------------ queries (any thread)

  /** First era this node ever ran in. */
  long firstEra() {
    return firstEra;
  }

  long currentEra() {
    return eras.eraOf(clock.millis());
  }

  boolean isSealed(long era) {
    return sealed.contains(era);
  }

  /** Records so far in an era (final once sealed). */
  int records(long era) {
    return counts.getOrDefault(era, 0);
  }

  /** Buckets this node has seen activity or stored bytes for. */
  Set<Long> knownBuckets() {
    return Set.copyOf(knownBuckets);
  }

  /** The sealed summary of an era. Blocking: worker threads only. */
  JsonObject summary(long era) throws IOException {
    return new JsonObject(Files.readString(sealedFile(era), StandardCharsets.UTF_8));
  }

  /** A sealed era with its leaves (cached). Blocking: worker threads only. */
  Sealed sealedEra(long era) throws IOException {
    synchronized (cache) {
      Sealed s = cache.remove(era);
      if (s != null) {
        cache.put(era, s);
        return s;
      }
    }
    JsonObject summary = summary(era);
    List<byte[]> records = Files.exists(logFile(era)) ? readLog(era, false) : List.of();
    TreeMap<Long, List<Leaf>> leaves = leaves(records, era, summary.getDouble("inflate"));
    Sealed s = new Sealed(era, summary, leaves);
    synchronized (cache) {
      cache.put(era, s);
      while (cache.size() > SEALED_CACHE) {
        cache.remove(cache.keySet().iterator().next());
      }
    }
    return s;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return vertx.executeBlocking(
        () -> {
          writer.execute(
              () -> {
                drain();
                try {
                  if (current != null) {
                    current.force(false);
                    current.close();
                    current = null;
                  }
                } catch (IOException e) {
                  LOG.warn("closing the activity log: {}", e.toString());
                }
              });
          writer.shutdown();
          writer.awaitTermination(30, TimeUnit.SECONDS);
          return null;
        },
        false);
  }
}
