package io.ddc.edge;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceStore;
import io.ddc.storage.PieceWriter;
import io.ddc.storage.StoreStats;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node's {@link PieceStore} with its {@link TagIndex} in front of the record writes: every DAG
 * node the node stores, whether a client put it here or the cluster replicated it from a peer,
 * reaches the store through {@link #putRecord}, so indexing here covers both paths
 * (docs/spec/search.md §2). A tagged DAG node is indexed before it is stored (write-ahead); a
 * search checks each hit against the store, so an entry whose record write failed never shows.
 * Everything else is passed through unchanged.
 */
final class TagIndexedStore implements PieceStore {
  /** The namespace of DAG records in the cluster's versioned records (cluster-transfer.md §8). */
  static final String CLUSTER_DAG = BucketContent.CLUSTER_NS_PREFIX + BucketContent.NS_DAG;

  private final PieceStore store;
  private final TagIndex index;

  TagIndexedStore(PieceStore store, TagIndex index) {
    this.store = store;
    this.index = index;
  }

  TagIndex index() {
    return index;
  }

  /**
   * The canonical DAG node bytes inside a stored record value: as is in the standalone namespace,
   * after the 8-byte version in the cluster's; null for other namespaces.
   */
  static byte[] dagBytes(String namespace, byte[] value) {
    if (BucketContent.NS_DAG.equals(namespace)) {
      return value;
    }
    if (CLUSTER_DAG.equals(namespace) && value.length >= Long.BYTES) {
      return java.util.Arrays.copyOfRange(value, Long.BYTES, value.length);
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> putRecord(
      long bucketId, String namespace, byte[] key, byte[] value) {
    byte[] dag = dagBytes(namespace, value);
    List<TagIndex.Pair> tags = List.of();
    if (dag != null && key.length == 32) {
      try {
        tags = TagIndex.pairs(Node.parseFrom(dag));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        tags = List.of();
      }
    }
    if (tags.isEmpty()) {
      return store.putRecord(bucketId, namespace, key, value);
    }
    byte[] k = key.clone();
    byte[] v = value.clone();
    return index
        .add(bucketId, k, tags)
        .thenCompose(x -> store.putRecord(bucketId, namespace, k, v));
  }

  /** The DAG node {@code digest} of {@code bucketId} as this node stores it, or empty. */
  CompletableFuture<Optional<Node>> localDag(long bucketId, byte[] digest) {
    return store
        .getRecord(bucketId, CLUSTER_DAG, digest)
        .thenCompose(
            o ->
                o.isPresent()
                    ? CompletableFuture.completedFuture(o.map(v -> dagBytes(CLUSTER_DAG, v)))
                    : store.getRecord(bucketId, BucketContent.NS_DAG, digest))
        .thenApply(
            o ->
                o.map(
                    bytes -> {
                      try {
                        return Node.parseFrom(ByteBuffer.wrap(bytes));
                      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new EdgeException(
                            EdgeException.Reason.INTERNAL, "stored DAG node unreadable");
                      }
                    }));
  }

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec) {
    return store.newPiece(bucketId, codec);
  }

  @Override
  public PieceWriter newPiece(long bucketId, Cid.Codec codec, long expectedBytes) {
    return store.newPiece(bucketId, codec, expectedBytes);
  }

  @Override
  public CompletableFuture<Optional<PieceInfo>> stat(Cid cid) {
    return store.stat(cid);
  }

  @Override
  public CompletableFuture<PieceRegion> open(Cid cid) {
    return store.open(cid);
  }

  @Override
  public CompletableFuture<Boolean> delete(Cid cid) {
    return store.delete(cid);
  }

  @Override
  public CompletableFuture<List<PieceInfo>> list(long bucketId) {
    return store.list(bucketId);
  }

  @Override
  public CompletableFuture<Optional<byte[]>> getRecord(
      long bucketId, String namespace, byte[] key) {
    return store.getRecord(bucketId, namespace, key);
  }

  @Override
  public CompletableFuture<Boolean> deleteRecord(long bucketId, String namespace, byte[] key) {
    return store.deleteRecord(bucketId, namespace, key);
  }

  @Override
  public StoreStats stats() {
    return store.stats();
  }

  @Override
  public boolean healthy() {
    return store.healthy();
  }

  /** Closes the index, then the store. Blocking. */
  @Override
  public void close() {
    try {
      index.close();
    } finally {
      store.close();
    }
  }
}
