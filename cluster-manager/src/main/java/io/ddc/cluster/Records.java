package io.ddc.cluster;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The local side of versioned records (docs/spec/cluster-transfer.md §8): stored through {@link
 * PieceStore#putRecord} as {@code version (8 bytes, big-endian) ‖ value}, merged by {@link
 * VersionedRecord#supersedes}. Merges of one key are serialized on {@code context}, so a
 * read-compare-write never interleaves with another for the same key. Every stored address is
 * listed in the node's {@link RecordIndex} before the merge completes, so repair finds it (§8.6).
 */
final class Records {
  /** Namespaces are short names: they appear in P2P paths. */
  static final String NAMESPACE_PATTERN = "[A-Za-z0-9._-]{1,64}";

  private final Context context;
  private final PieceStore store;
  private final Map<String, Future<VersionedRecord>> tails = new HashMap<>();
  private final RecordIndex index;

  Records(Context context, PieceStore store) {
    this.context = context;
    this.store = store;
    this.index = new RecordIndex(context, store);
  }

  /** Reads the record index; call once before the first merge. */
  Future<Void> load() {
    return index.load();
  }

  /** Addresses of every record this node holds (and possibly some it merged and then lost). */
  List<P2pServer.RecordAddress> addresses() {
    return index.addresses();
  }

  static void checkNamespace(String namespace) {
    if (namespace == null || !namespace.matches(NAMESPACE_PATTERN)) {
      throw new IllegalArgumentException(
          "record namespace must match " + NAMESPACE_PATTERN + ", '" + namespace + "' given");
    }
  }

  /** §8.1: the placement key of a record, a CID of codec NONE over a BLAKE3 of its address. */
  static Cid placementKey(long bucketId, String namespace, byte[] key) {
    byte[] address =
        ("ddc-record\n" + bucketId + "\n" + namespace + "\n" + HexFormat.of().formatHex(key))
            .getBytes(StandardCharsets.UTF_8);
    Blake3Digest d = new Blake3Digest(256);
    d.update(address, 0, address.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return Cid.of(Cid.Codec.NONE, out);
  }

  Future<Optional<VersionedRecord>> get(long bucketId, String namespace, byte[] key) {
    return Future.fromCompletionStage(store.getRecord(bucketId, namespace, key), context)
        .map(v -> v.map(Records::decode));
  }

  /**
   * Stores {@code incoming} unless the stored record supersedes it; returns the record that is
   * stored afterwards (the winner). Callable from any thread; completes on {@code context}.
   */
  Future<VersionedRecord> merge(
      long bucketId, String namespace, byte[] key, VersionedRecord incoming) {
    io.vertx.core.Promise<VersionedRecord> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> mergeOnContext(bucketId, namespace, key, incoming).onComplete(p));
    return p.future();
  }

  private Future<VersionedRecord> mergeOnContext(
      long bucketId, String namespace, byte[] key, VersionedRecord incoming) {
    String id = bucketId + "/" + namespace + "/" + HexFormat.of().formatHex(key);
    Future<VersionedRecord> previous = tails.get(id);
    Future<VersionedRecord> next =
        (previous == null ? Future.<VersionedRecord>succeededFuture() : previous)
            .transform(ignored -> get(bucketId, namespace, key))
            .compose(
                stored -> {
                  P2pServer.RecordAddress a = new P2pServer.RecordAddress(bucketId, namespace, key);
                  if (stored.isPresent() && !incoming.supersedes(stored.get())) {
                    // listed already, unless it was stored before the index existed
                    return index.add(a).map(v -> stored.get());
                  }
                  // Both writes share the store's group commit; a crash between them can leave
                  // the record unlisted only before the merge was acknowledged, and the sender's
                  // retry lists it (the branch above).
                  return Future.all(
                          Future.fromCompletionStage(
                              store.putRecord(bucketId, namespace, key, encode(incoming)), context),
                          index.add(a))
                      .map(v -> incoming);
                });
    tails.put(id, next);
    next.onComplete(
        ar -> {
          if (tails.get(id) == next) {
            tails.remove(id);
          }
        });
    return next;
  }

  static byte[] encode(VersionedRecord r) {
    byte[] v = r.value();
    return ByteBuffer.allocate(Long.BYTES + v.length).putLong(r.version()).put(v).array();
  }

  static VersionedRecord decode(byte[] stored) {
    if (stored.length < Long.BYTES) {
      throw new ClusterException("stored record of " + stored.length + " bytes has no version");
    }
    ByteBuffer b = ByteBuffer.wrap(stored);
    long version = b.getLong();
    byte[] value = new byte[b.remaining()];
    b.get(value);
    return new VersionedRecord(version, value);
  }
}
