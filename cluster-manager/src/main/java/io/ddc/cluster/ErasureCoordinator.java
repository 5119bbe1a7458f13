package io.ddc.cluster;

import io.ddc.cluster.erasure.ErasureException;
import io.ddc.cluster.erasure.ShardCodec;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.PieceInfo;
import io.ddc.storage.PieceRegion;
import io.ddc.storage.PieceWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure-coded pieces (docs/spec/placement.md §5.4): a write encodes the piece into {@code k + m}
 * shard records, sends shard {@code i} to its holder (placement.md §3.6), where it is stored as a
 * raw piece of the shard bucket, and publishes the piece's shard manifest as a versioned record; a
 * read that finds no whole copy fetches the manifest and the shards, rebuilds the piece, checks it
 * against its CID and stores it locally.
 *
 * <p>Pieces are encoded and decoded in memory, on worker threads; hence {@link
 * ClusterOptions#MAX_ERASURE_CODED_BYTES}. Runs on the cluster manager's context.
 */
final class ErasureCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureCoordinator.class);

  /** The bucket id under which shard records are stored: 0, which no chain bucket has. */
  static final long SHARD_BUCKET = 0;

  /** Namespace of the shard manifests (versioned records of bucket 0, keyed by the piece CID). */
  static final String MANIFEST_NAMESPACE = "ddc.ec";

  private final ClusterManager cluster;
  private final P2pClient client;
  private final ClusterOptions options;
  private final ShardCodec codec;

  ErasureCoordinator(ClusterManager cluster, P2pClient client, ClusterOptions options) {
    this.cluster = cluster;
    this.client = client;
    this.options = options;
    this.codec =
        ShardCodec.of(
            options.erasureCodingRequired(),
            options.erasureCodingTotal() - options.erasureCodingRequired());
  }

  /** Whether this node stores pieces of {@code size} bytes erasure-coded. */
  boolean applies(long size) {
    long min = options.erasureCodingMinBytes();
    return min > 0 && size >= min && size <= ClusterOptions.MAX_ERASURE_CODED_BYTES;
  }

  boolean enabled() {
    return options.erasureCodingMinBytes() > 0;
  }

  /** Encodes and distributes the local piece {@code cid}; succeeds at the shard threshold. */
  Future<ReplicationResult> write(long bucketId, Cid cid, PieceInfo info) {
    return readLocal(cid, info.size())
        .compose(
            piece ->
                cluster.vertx().executeBlocking(() -> codec.encode(piece, cid.toBytes()), false))
        .compose(
            records -> {
              List<NodeDescriptor> holders = cluster.shardHolders(cid, records.length);
              if (holders.isEmpty()) {
                return Future.failedFuture(
                    new ReplicationException(
                        cid, 0, options.erasureCodingSuccessThreshold(), List.of(), null));
              }
              List<Cid> shardCids = new ArrayList<>();
              List<Future<String>> sends = new ArrayList<>();
              for (int i = 0; i < records.length; i++) {
                Cid shard = Cid.compute(Cid.Codec.RAW, records[i]);
                shardCids.add(shard);
                NodeDescriptor target = holders.get(i);
                Future<Void> sent =
                    target.nodeId().equals(cluster.nodeId())
                        ? storeLocal(SHARD_BUCKET, Cid.Codec.RAW, records[i]).mapEmpty()
                        : client.pushBytes(target, SHARD_BUCKET, shard, Buffer.buffer(records[i]));
                sends.add(
                    sent.map(target.nodeId())
                        .onFailure(
                            e ->
                                LOG.warn(
                                    "shard {} of {} to {} failed: {}",
                                    shard,
                                    cid,
                                    target.nodeId(),
                                    e.getMessage())));
              }
              byte[] manifest = ShardManifest.encode(codec, bucketId, info.size(), shardCids);
              Future<ReplicationResult> published =
                  cluster.putRecord(SHARD_BUCKET, MANIFEST_NAMESPACE, cid.toBytes(), manifest, 1);
              return Future.join(sends)
                  .transform(ignored -> published)
                  .compose(m -> acknowledge(cid, holders.stream().distinct().toList(), sends));
            });
  }

  private Future<ReplicationResult> acknowledge(
      Cid cid, List<NodeDescriptor> ranking, List<Future<String>> sends) {
    List<String> durable = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Throwable cause = null;
    for (Future<String> f : sends) {
      if (f.succeeded()) {
        durable.add(f.result());
      } else {
        cause = f.cause();
      }
    }
    List<String> placement = ranking.stream().map(NodeDescriptor::nodeId).toList();
    for (String id : placement) {
      if (!durable.contains(id)) {
        failed.add(id);
      }
    }
    int threshold = options.erasureCodingSuccessThreshold();
    if (durable.size() < threshold) {
      return Future.failedFuture(
          new ReplicationException(cid, durable.size(), threshold, failed, cause));
    }
    return Future.succeededFuture(new ReplicationResult(cid, placement, durable));
  }

  /**
   * Rebuilds {@code cid} from its shards and stores it locally; fails with {@link
   * PieceUnavailableException} ({@code notFoundAnywhere} when the cluster has no manifest for it).
   */
  Future<PieceInfo> reconstruct(Cid cid) {
    return cluster
        .getRecord(SHARD_BUCKET, MANIFEST_NAMESPACE, cid.toBytes())
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(new PieceUnavailableException(cid, true, List.of()));
              }
              ShardManifest m = ShardManifest.decode(found.get().value());
              if (m.required() != options.erasureCodingRequired()
                  || m.shards().size() != options.erasureCodingTotal()) {
                return Future.failedFuture(
                    new ClusterException(
                        "manifest of " + cid + " uses a code this node is not configured for"));
              }
              List<NodeDescriptor> ranking = cluster.replicaRanking(cid, Integer.MAX_VALUE);
              List<NodeDescriptor> holders = cluster.shardHolders(cid, m.shards().size());
              List<Future<byte[]>> shards = new ArrayList<>();
              for (int i = 0; i < m.shards().size(); i++) {
                shards.add(shard(m.shards().get(i), holderFirst(holders, i, ranking), 0));
              }
              return Future.join(shards)
                  .transform(
                      ignored -> {
                        byte[][] records = new byte[shards.size()][];
                        for (int i = 0; i < records.length; i++) {
                          records[i] = shards.get(i).succeeded() ? shards.get(i).result() : null;
                        }
                        return cluster
                            .vertx()
                            .executeBlocking(() -> decode(cid, records), false)
                            .recover(
                                e ->
                                    Future.failedFuture(
                                        new PieceUnavailableException(
                                            cid,
                                            false,
                                            ranking.stream()
                                                .map(NodeDescriptor::nodeId)
                                                .toList())));
                      })
                  .compose(piece -> storeLocal(m.bucketId(), cid.codec(), piece));
            });
  }

  /**
   * Puts the shards of {@code piece}, whose whole copy this node holds, back on their holders
   * (placement.md §5.4 repair): asks each holder whether it holds its shard (by the manifest's
   * shard CIDs) and, when any lacks it, re-encodes the piece and sends the missing ones. Completes
   * with the shard bytes sent; a piece without a manifest is left alone.
   */
  Future<Long> repair(PieceInfo piece) {
    return missingShards(piece.cid())
        .compose(
            m ->
                m.isEmpty()
                    ? Future.succeededFuture(0L)
                    : resend(piece, m.get().shardCids(), m.get().holders(), m.get().missing()));
  }

  /** The shards of a piece that its current holders lack: indexes into its manifest's list. */
  private record Missing(
      List<Cid> shardCids, List<NodeDescriptor> holders, List<Integer> missing) {}

  /** Which shards of {@code cid} are missing; empty when none is or when it has no manifest. */
  private Future<Optional<Missing>> missingShards(Cid cid) {
    return cluster
        .getRecord(SHARD_BUCKET, MANIFEST_NAMESPACE, cid.toBytes())
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              List<Cid> shardCids = ShardManifest.decode(found.get().value()).shards();
              List<NodeDescriptor> holders = cluster.shardHolders(cid, shardCids.size());
              return missingShards(shardCids, holders)
                  .map(
                      missing ->
                          missing.isEmpty()
                              ? Optional.empty()
                              : Optional.of(new Missing(shardCids, holders, missing)));
            });
  }

  /**
   * The indexes of the shards that their holders ({@code holders}, element {@code i} for shard
   * {@code i}) do not hold; none when no holder is live.
   */
  private Future<List<Integer>> missingShards(List<Cid> shardCids, List<NodeDescriptor> holders) {
    if (holders.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Future<Boolean>> held = new ArrayList<>();
    for (int i = 0; i < shardCids.size(); i++) {
      held.add(holds(holders.get(i), shardCids.get(i)));
    }
    return Future.all(held)
        .map(
            all -> {
              List<Integer> missing = new ArrayList<>();
              for (int i = 0; i < held.size(); i++) {
                if (!held.get(i).result()) {
                  missing.add(i);
                }
              }
              return missing;
            });
  }

  /**
   * Rebuilds a piece stored only as shards when its shard holders lack some of them (placement.md
   * §5.4 repair without a whole copy): when no replica-holding live node holds {@code cid} whole,
   * decodes it from the shards still held, stores it here, re-sends the missing shards and deletes
   * the rebuilt copy again once they are all durable (kept when a send failed, for the next pass to
   * re-send from). Completes with the shard bytes sent; 0 when no shard is missing, when a node
   * holds the whole piece (its own repair re-sends them) or when the cluster has no manifest for
   * {@code cid}.
   */
  Future<Long> rebuildLost(Cid cid) {
    return missingShards(cid)
        .compose(m -> m.isEmpty() ? Future.succeededFuture(true) : heldWholeAnywhere(cid))
        .compose(
            covered -> {
              if (covered) {
                return Future.succeededFuture(0L);
              }
              LOG.info("repair: no whole copy of {} left, rebuilding it from shards", cid);
              return reconstruct(cid)
                  .compose(this::repair)
                  .compose(
                      sent ->
                          P2pServer.onContext(cluster.context(), cluster.store().delete(cid))
                              .map(sent));
            });
  }

  /** Whether this node or a replica-holding live peer holds {@code cid} whole. */
  private Future<Boolean> heldWholeAnywhere(Cid cid) {
    List<Future<Boolean>> asks = new ArrayList<>();
    for (NodeDescriptor d : cluster.replicaRanking(cid, Integer.MAX_VALUE)) {
      asks.add(holds(d, cid));
    }
    return Future.all(asks).map(all -> asks.stream().anyMatch(Future::result));
  }

  private Future<Boolean> holds(NodeDescriptor node, Cid shard) {
    if (node.nodeId().equals(cluster.nodeId())) {
      return P2pServer.onContext(cluster.context(), cluster.store().stat(shard))
          .map(Optional::isPresent);
    }
    return client.has(node, List.of(shard)).map(flags -> flags[0]);
  }

  private Future<Long> resend(
      PieceInfo piece, List<Cid> shardCids, List<NodeDescriptor> holders, List<Integer> missing) {
    return readLocal(piece.cid(), piece.size())
        .compose(
            bytes ->
                cluster
                    .vertx()
                    .executeBlocking(() -> reencode(bytes, piece.cid(), shardCids), false))
        .compose(
            records -> {
              List<Future<Void>> sends = new ArrayList<>();
              long bytes = 0;
              for (int i : missing) {
                Cid shard = Cid.compute(Cid.Codec.RAW, records[i]);
                if (!shard.equals(shardCids.get(i))) {
                  return Future.failedFuture(
                      new ClusterException(
                          "shard " + i + " of " + piece.cid() + " re-encodes differently"));
                }
                bytes += records[i].length;
                NodeDescriptor target = holders.get(i);
                sends.add(
                    target.nodeId().equals(cluster.nodeId())
                        ? storeLocal(SHARD_BUCKET, Cid.Codec.RAW, records[i]).mapEmpty()
                        : client.pushBytes(target, SHARD_BUCKET, shard, Buffer.buffer(records[i])));
              }
              long sent = bytes;
              LOG.info(
                  "repair: re-sending {} shards of {} ({} bytes)",
                  missing.size(),
                  piece.cid(),
                  sent);
              return Future.all(sends).map(sent);
            });
  }

  /**
   * The records of {@code piece} in the format its manifest lists ({@code shardCids}): version 2,
   * or version 1 for a piece written before records named their piece (placement.md §5.3).
   */
  private byte[][] reencode(byte[] piece, Cid cid, List<Cid> shardCids) {
    byte[][] records = codec.encode(piece, cid.toBytes());
    if (!Cid.compute(Cid.Codec.RAW, records[0]).equals(shardCids.get(0))) {
      byte[][] v1 = codec.encodeVersion1(piece);
      if (Cid.compute(Cid.Codec.RAW, v1[0]).equals(shardCids.get(0))) {
        return v1;
      }
    }
    return records;
  }

  /**
   * Which piece and shard index the local shard record {@code shard} names: empty for a version-1
   * record (no piece named) or one whose header does not parse.
   */
  Future<Optional<ShardCodec.Owner>> owner(PieceInfo shard) {
    if (shard.size() < ShardCodec.HEADER_BYTES) {
      return Future.succeededFuture(Optional.empty());
    }
    return P2pServer.onContext(cluster.context(), cluster.store().open(shard.cid()))
        .compose(
            region ->
                P2pServer.onContext(cluster.context(), region.read(0, ShardCodec.HEADER_BYTES))
                    .eventually(() -> close(region)))
        .map(
            bb -> {
              byte[] header = new byte[bb.remaining()];
              bb.get(header);
              return Optional.ofNullable(ShardCodec.owner(header));
            });
  }

  private byte[] decode(Cid cid, byte[][] records) {
    byte[] piece = codec.decode(records, cid.toBytes());
    if (!Cid.compute(cid.codec(), piece).equals(cid)) {
      throw new ErasureException("shards of " + cid + " rebuild other bytes", 0, 0);
    }
    LOG.info("rebuilt {} ({} bytes) from its shards", cid, piece.length);
    return piece;
  }

  /**
   * Shard {@code i}'s holder first, then the rest of {@code ranking}: where a read looks for it.
   */
  private static List<NodeDescriptor> holderFirst(
      List<NodeDescriptor> holders, int i, List<NodeDescriptor> ranking) {
    if (holders.isEmpty()) {
      return ranking;
    }
    List<NodeDescriptor> order = new ArrayList<>(ranking.size());
    order.add(holders.get(i));
    for (NodeDescriptor d : ranking) {
      if (!d.equals(holders.get(i))) {
        order.add(d);
      }
    }
    return order;
  }

  /**
   * Shard {@code shard}: from the local store, else from {@code order} (its holder first), trying
   * every node once.
   */
  private Future<byte[]> shard(Cid shard, List<NodeDescriptor> order, int tried) {
    if (tried == 0) {
      return P2pServer.onContext(cluster.context(), cluster.store().stat(shard))
          .compose(
              local ->
                  local.isPresent()
                      ? readLocal(shard, local.get().size())
                      : shard(shard, order, 1));
    }
    if (tried > order.size()) {
      return Future.failedFuture(new ClusterException("shard " + shard + " found nowhere"));
    }
    NodeDescriptor peer = order.get(tried - 1);
    if (peer.nodeId().equals(cluster.nodeId())) {
      return shard(shard, order, tried + 1);
    }
    return client
        .getBytes(peer, shard)
        .map(Buffer::getBytes)
        .recover(e -> shard(shard, order, tried + 1));
  }

  private Future<byte[]> readLocal(Cid cid, long size) {
    if (size > Integer.MAX_VALUE) {
      return Future.failedFuture(new ClusterException(cid + " is too large to encode"));
    }
    return P2pServer.onContext(cluster.context(), cluster.store().open(cid))
        .compose(
            region ->
                P2pServer.onContext(cluster.context(), region.read(0, (int) size))
                    .eventually(() -> close(region)))
        .map(
            bb -> {
              byte[] out = new byte[bb.remaining()];
              bb.get(out);
              return out;
            });
  }

  private static Future<Void> close(PieceRegion region) {
    region.close();
    return Future.succeededFuture();
  }

  /** Stores {@code bytes} here and notes the bucket, so that repair passes list the piece. */
  private Future<PieceInfo> storeLocal(long bucketId, Cid.Codec codec, byte[] bytes) {
    PieceWriter w = cluster.store().newPiece(bucketId, codec, bytes.length);
    return P2pServer.onContext(
            cluster.context(), w.write(ByteBuffer.wrap(bytes)).thenCompose(v -> w.commit()))
        .onSuccess(info -> cluster.noteBucket(bucketId));
  }

  /** A piece's shard manifest (placement.md §5.4): code, bucket, length and shard CIDs. */
  record ShardManifest(int required, long bucketId, long length, List<Cid> shards) {
    static byte[] encode(ShardCodec codec, long bucketId, long length, List<Cid> shards) {
      ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + shards.size() * Cid.BINARY_LENGTH);
      b.putShort((short) codec.code().dataShards());
      b.putShort((short) codec.code().parityShards());
      b.putInt(shards.size());
      b.putLong(bucketId);
      b.putLong(length);
      shards.forEach(c -> b.put(c.toBytes()));
      return b.array();
    }

    static ShardManifest decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int k = b.getShort() & 0xffff;
      int m = b.getShort() & 0xffff;
      int n = b.getInt();
      if (n != k + m || bytes.length != 24 + n * Cid.BINARY_LENGTH) {
        throw new ClusterException("malformed shard manifest");
      }
      long bucketId = b.getLong();
      long length = b.getLong();
      List<Cid> shards = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] c = new byte[Cid.BINARY_LENGTH];
        b.get(c);
        shards.add(Cid.fromBytes(c));
      }
      return new ShardManifest(k, bucketId, length, shards);
    }
  }
}
