package io.ddc.edge;

import io.ddc.cluster.ClusterException;
import io.ddc.cluster.ClusterManager;
import io.ddc.cluster.PieceUnavailableException;
import io.ddc.cluster.VersionedRecord;
import io.ddc.crypto.Blake3;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceNotFoundException;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The node's content, scoped per bucket (C26), on top of the {@link PieceStore}: raw pieces,
 * multipart manifests, DAG nodes and CNS records. Record layouts are normative in
 * docs/spec/node-protocol.md ("Node-side records").
 *
 * <p>The store keeps one copy per CID; a small {@code piece} record per (bucket, digest) says that
 * the bucket holds it. Every future completes on the caller's context.
 *
 * <p>With a {@link ClusterManager} (node-protocol.md §4.8, "Cluster-wide visibility"): a raw piece
 * is replicated before its write succeeds, a piece missing here is fetched from peers before it is
 * read, and the records live in the cluster's versioned records under {@code edge.<namespace>}, so
 * any member resolves what another one stored. Without one, everything stays in the local store.
 */
final class BucketContent {
  static final String NS_PIECE = "piece";
  static final String NS_MULTIPART = "multipart";
  static final String NS_DAG = "dag";
  static final String NS_CNS = "cns";

  /** Chunk size of the multipart digest pass. */
  private static final int HASH_CHUNK = 4 << 20;

  /** A raw piece of a bucket: its size, and its offset in a large file when it is a part. */
  record PieceEntry(long size, boolean isMultipart, long offset) {
    byte[] encode() {
      return ByteBuffer.allocate(17)
          .putLong(size)
          .put((byte) (isMultipart ? 1 : 0))
          .putLong(offset)
          .array();
    }

    static PieceEntry decode(byte[] b) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      return new PieceEntry(bb.getLong(), bb.get() != 0, bb.getLong());
    }
  }

  /** One part of a multipart piece. */
  record Part(byte[] digest, long size) {}

  /** A multipart piece: its parts in file order. */
  record Manifest(long totalSize, long partSize, List<Part> parts) {
    static final byte VERSION = 1;

    byte[] encode() {
      ByteBuffer bb = ByteBuffer.allocate(1 + 8 + 8 + 4 + parts.size() * 40);
      bb.put(VERSION).putLong(totalSize).putLong(partSize).putInt(parts.size());
      for (Part p : parts) {
        bb.put(p.digest()).putLong(p.size());
      }
      return bb.array();
    }

    static Manifest decode(byte[] b) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      if (bb.get() != VERSION) {
        throw new IllegalStateException("unknown multipart manifest version " + b[0]);
      }
      long total = bb.getLong();
      long partSize = bb.getLong();
      int n = bb.getInt();
      List<Part> parts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] d = new byte[32];
        bb.get(d);
        parts.add(new Part(d, bb.getLong()));
      }
      return new Manifest(total, partSize, parts);
    }
  }

  /** Prefix of the namespaces of the records kept in the cluster's versioned records. */
  static final String CLUSTER_NS_PREFIX = "edge.";

  /** Version of content-addressed records: their value never changes for one key. */
  private static final long IMMUTABLE_VERSION = 1;

  private final Vertx vertx;
  private final PieceStore store;
  private final ClusterManager cluster;

  BucketContent(Vertx vertx, PieceStore store) {
    this(vertx, store, null);
  }

  /** {@code cluster} null = standalone: the local store only. */
  BucketContent(Vertx vertx, PieceStore store, ClusterManager cluster) {
    this.vertx = vertx;
    this.store = store;
    this.cluster = cluster;
  }

  /** {@code f}, completing on the caller's context (the cluster's futures complete on its own). */
  private static <T> Future<T> onCaller(Future<T> f) {
    Context c = Vertx.currentContext();
    if (c == null) {
      return f;
    }
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> c.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** Cluster failures as edge errors: a piece stored nowhere is NOT_FOUND, the rest UNAVAILABLE. */
  private static Throwable clusterFailure(Throwable t) {
    if (t instanceof PieceUnavailableException u && u.notFoundAnywhere()) {
      return EdgeException.notFound(u.getMessage());
    }
    if (t instanceof ClusterException) {
      return EdgeException.unavailable(t.getMessage());
    }
    return t;
  }

  private Future<Void> putRecord(long bucket, String ns, byte[] key, byte[] value, long version) {
    if (cluster == null) {
      return here(store.putRecord(bucket, ns, key, value));
    }
    return onCaller(cluster.putRecord(bucket, CLUSTER_NS_PREFIX + ns, key, value, version))
        .<Void>mapEmpty()
        .recover(t -> Future.failedFuture(clusterFailure(t)));
  }

  /**
   * A record; in a cluster, the winning version across its placement, else what this node kept from
   * before it joined a cluster (plain namespace).
   */
  private Future<Optional<byte[]>> getRecord(long bucket, String ns, byte[] key) {
    if (cluster == null) {
      return here(store.getRecord(bucket, ns, key));
    }
    return onCaller(cluster.getRecord(bucket, CLUSTER_NS_PREFIX + ns, key))
        .recover(t -> Future.failedFuture(clusterFailure(t)))
        .compose(
            o ->
                o.isPresent()
                    ? Future.succeededFuture(o.map(VersionedRecord::value))
                    : here(store.getRecord(bucket, ns, key)));
  }

  /**
   * Opens a stored piece's bytes; in a cluster a piece missing here is fetched first. It opens
   * first rather than checking and then opening: a repair pass may drop a surplus local copy
   * (cluster-transfer.md §7) between a check and the open, which would fail a read that a fetch
   * serves.
   */
  Future<PieceRegion> open(Cid cid) {
    if (cluster == null) {
      return here(store.open(cid));
    }
    cluster.noteRead(cid);
    return here(store.open(cid))
        .recover(
            t ->
                notFound(t)
                    ? onCaller(cluster.fetchFromPeers(cid))
                        .recover(e -> Future.failedFuture(clusterFailure(e)))
                        .compose(info -> here(store.open(cid)))
                    : Future.failedFuture(t));
  }

  private static boolean notFound(Throwable t) {
    return t instanceof PieceNotFoundException
        || (t instanceof java.util.concurrent.CompletionException
            && t.getCause() instanceof PieceNotFoundException);
  }

  static <T> Future<T> here(CompletionStage<T> stage) {
    Context c = Vertx.currentContext();
    return c == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, c);
  }

  PieceStore store() {
    return store;
  }

  // ------------------------------------------------------------------ raw pieces

  /** A raw piece of {@code bucket}; {@code declaredSize} is the client's announcement (a hint). */
  PieceWriter newRawPiece(long bucket, long declaredSize) {
    return store.newPiece(bucket, Cid.Codec.RAW, declaredSize);
  }

  /**
   * In a cluster whose placement is known before the piece's CID: streams to the piece's replicas
   * while it is received (cluster-transfer.md §5.1); else null, and the piece is copied after its
   * local commit.
   */
  Future<io.ddc.cluster.PipelinedWrite> pipeline(long bucket, long declaredSize) {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return onCaller(cluster.pipeline(bucket, declaredSize))
        .otherwise((io.ddc.cluster.PipelinedWrite) null);
  }

  /**
   * Commits a raw piece and records it in {@code bucket}; {@code forward} (may be null) is the
   * piece's pipelined replication, ended by the caller.
   */
  Future<Cid> commitRaw(
      long bucket,
      PieceWriter writer,
      boolean isMultipart,
      long offset,
      io.ddc.cluster.PipelinedWrite forward) {
    return here(writer.commit())
        .compose((PieceInfo info) -> replicate(bucket, info.cid(), forward).map(v -> info))
        .compose(
            (PieceInfo info) ->
                putRecord(
                        bucket,
                        NS_PIECE,
                        info.cid().digest(),
                        new PieceEntry(info.size(), isMultipart, offset).encode(),
                        IMMUTABLE_VERSION)
                    .map(v -> info.cid()));
  }

  /**
   * In a cluster: copies a piece just stored here to its placement; succeeds once the success
   * threshold of placement nodes holds it, else fails UNAVAILABLE (node-protocol.md §4.8).
   */
  private Future<Void> replicate(long bucket, Cid cid, io.ddc.cluster.PipelinedWrite forward) {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return onCaller(forward != null ? cluster.finish(forward, cid) : cluster.replicate(bucket, cid))
        .<Void>mapEmpty()
        .recover(t -> Future.failedFuture(clusterFailure(t)));
  }

  Future<Optional<PieceEntry>> piece(long bucket, byte[] digest) {
    return getRecord(bucket, NS_PIECE, digest).map(o -> o.map(PieceEntry::decode));
  }

  // ------------------------------------------------------------------ multipart

  Future<Optional<Manifest>> manifest(long bucket, byte[] digest) {
    return getRecord(bucket, NS_MULTIPART, digest).map(o -> o.map(Manifest::decode));
  }

  /**
   * Registers a multipart piece from parts already stored in {@code bucket}; its digest is BLAKE3
   * of the whole content (C1), computed on a worker thread by streaming the parts.
   */
  Future<Cid> putMultipart(long bucket, long totalSize, long partSize, List<byte[]> partDigests) {
    List<Future<Optional<PieceEntry>>> lookups = new ArrayList<>();
    for (byte[] d : partDigests) {
      lookups.add(piece(bucket, d));
    }
    return Future.all(lookups)
        .compose(
            all -> {
              List<Part> parts = new ArrayList<>();
              long sum = 0;
              for (int i = 0; i < partDigests.size(); i++) {
                Optional<PieceEntry> e = lookups.get(i).result();
                if (e.isEmpty()) {
                  throw EdgeException.precondition(
                      "multipart part "
                          + i
                          + " ("
                          + HexFormat.of().formatHex(partDigests.get(i))
                          + ") is not stored in bucket "
                          + bucket);
                }
                if (e.get().size() > partSize) {
                  throw EdgeException.invalid(
                      "part " + i + " has " + e.get().size() + " bytes, partSize is " + partSize);
                }
                parts.add(new Part(partDigests.get(i), e.get().size()));
                sum += e.get().size();
              }
              if (sum != totalSize) {
                throw EdgeException.invalid(
                    "parts hold " + sum + " bytes, totalSize says " + totalSize);
              }
              Manifest m = new Manifest(totalSize, partSize, parts);
              return wholeDigest(m)
                  .compose(
                      digest ->
                          putRecord(bucket, NS_MULTIPART, digest, m.encode(), IMMUTABLE_VERSION)
                              .map(v -> Cid.of(Cid.Codec.MULTIPART, digest)));
            });
  }

  /**
   * BLAKE3 of all parts in order. Each part is opened with {@link #open}, which fetches a part
   * missing here and, opening first, cannot lose a local copy that a repair pass drops as surplus
   * between a check and the read (a fetched part is exactly such a copy); an open region keeps its
   * bytes readable. The bytes are hashed on a worker, one part after the other.
   */
  private Future<byte[]> wholeDigest(Manifest m) {
    Blake3 digest = new Blake3();
    ByteBuffer chunk = ByteBuffer.allocate(HASH_CHUNK);
    Future<Void> done = Future.succeededFuture();
    for (Part p : m.parts()) {
      Cid part = Cid.of(Cid.Codec.RAW, p.digest());
      done =
          done.compose(v -> open(part))
              .compose(
                  region -> vertx.executeBlocking(() -> hashInto(region, digest, chunk), false));
    }
    return done.map(v -> digest.digest());
  }

  /** Feeds all of {@code region} to {@code digest} and closes it. Blocking. */
  private static Void hashInto(PieceRegion region, Blake3 digest, ByteBuffer chunk) {
    try (region) {
      for (long off = 0; off < region.size(); off += chunk.capacity()) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), region.size() - off));
        region.readFully(off, chunk);
        digest.update(chunk.flip());
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ readable content

  /** A stored piece resolved to the raw pieces that hold its bytes, in order. */
  record Resolved(long size, List<Part> parts) {}

  /**
   * Resolved pieces kept in memory: at most this many (bucket, CID) entries, least recently used
   * first out. Piece and manifest records are content-addressed and never rewritten or deleted, so
   * an entry cannot go stale; whether the bytes are still here is checked when they are opened.
   */
  static final int RESOLVED_CACHE_ENTRIES = 16_384;

  private record ResolvedKey(long bucket, Cid cid) {}

  private final LruCache<ResolvedKey, Resolved> resolved = new LruCache<>(RESOLVED_CACHE_ENTRIES);

  /**
   * Resolves a raw (codec 2) or multipart (codec 3) CID in {@code bucket}. A CID resolved before is
   * answered from memory, without reading its record again.
   */
  Future<Resolved> resolve(long bucket, Cid cid) {
    ResolvedKey key = new ResolvedKey(bucket, cid);
    Resolved known = resolved.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return lookup(bucket, cid)
        .map(
            r -> {
              resolved.put(key, r);
              return r;
            });
  }

  private Future<Resolved> lookup(long bucket, Cid cid) {
    return switch (cid.codec()) {
      case RAW ->
          piece(bucket, cid.digest())
              .map(
                  o -> {
                    PieceEntry e = o.orElseThrow(() -> notFound(bucket, cid));
                    return new Resolved(e.size(), List.of(new Part(cid.digest(), e.size())));
                  });
      case MULTIPART ->
          manifest(bucket, cid.digest())
              .map(
                  o -> {
                    Manifest m = o.orElseThrow(() -> notFound(bucket, cid));
                    return new Resolved(m.totalSize(), m.parts());
                  });
      default ->
          Future.failedFuture(
              EdgeException.invalid("CID " + cid + " is not a raw or multipart piece"));
    };
  }

  static EdgeException notFound(long bucket, Cid cid) {
    return EdgeException.notFound(cid + " not found in bucket " + bucket);
  }

  // ------------------------------------------------------------------ DAG and CNS records

  Future<Void> putDag(long bucket, byte[] digest, byte[] canonical) {
    return putRecord(bucket, NS_DAG, digest, canonical, IMMUTABLE_VERSION);
  }

  Future<Optional<byte[]>> dag(long bucket, byte[] digest) {
    return getRecord(bucket, NS_DAG, digest);
  }

  /**
   * Stores a CNS record. In a cluster its version is the write time in milliseconds: the latest
   * write of a name wins on every member.
   */
  Future<Void> putName(long bucket, String name, byte[] record) {
    return putRecord(
        bucket, NS_CNS, name.getBytes(StandardCharsets.UTF_8), record, System.currentTimeMillis());
  }

  Future<Optional<byte[]>> name(long bucket, String name) {
    return getRecord(bucket, NS_CNS, name.getBytes(StandardCharsets.UTF_8));
  }
}
