package io.ddc.edge;

import io.ddc.protocol.cid.Cid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The gateway's cache of whole small raw pieces, keyed by the request path that named them ({@code
 * /{bucketId}/{cid}}), with the response's header values encoded once: a hot small GET is one
 * lookup here and one write (decision 0056). Bodies live off the heap in direct buffers that the
 * garbage collector frees once neither the cache nor an unfinished write holds them, so eviction
 * never races a write. Bounded by the total of the bodies' sizes; least recently used first out.
 * Shared by the event loops: each operation holds the cache's monitor for one map operation only.
 *
 * <p>What a path names never changes once answered: piece records are content-addressed and never
 * rewritten or deleted, and a CID's bytes are its bytes (the same reasoning as the per-CID caches
 * of {@link BucketContent}).
 */
final class HotPieces {
  /** Default bound of the bodies' total size: 64 MiB. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Default largest piece kept: 64 KiB (larger pieces go out with sendfile). */
  static final int DEFAULT_MAX_PIECE_BYTES = 64 * 1024;

  /**
   * One cached answer. {@code body} is read-only; each response writes its own slice of it.
   *
   * @param bucket the bucket the path named
   * @param cid the piece's CID
   * @param body the piece's bytes, off the heap
   * @param etag the {@code ETag} value (the quoted CID), encoded
   * @param contentLength the {@code Content-Length} value, encoded
   * @param type the {@code Content-Type} value, encoded
   */
  record Entry(
      long bucket,
      Cid cid,
      ByteBuf body,
      CharSequence etag,
      CharSequence contentLength,
      CharSequence type) {

    int size() {
      return body.readableBytes();
    }
  }

  private final long maxBytes;
  private final int maxPieceBytes;
  private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  /**
   * @param maxBytes bound of the bodies' total size ({@link #DEFAULT_MAX_BYTES}); 0 turns the cache
   *     off
   * @param maxPieceBytes largest piece kept ({@link #DEFAULT_MAX_PIECE_BYTES})
   */
  HotPieces(long maxBytes, int maxPieceBytes) {
    if (maxBytes < 0 || maxPieceBytes < 0) {
      throw new IllegalArgumentException("cache bounds must not be negative");
    }
    this.maxBytes = maxBytes;
    this.maxPieceBytes = maxPieceBytes;
  }

  HotPieces() {
    this(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIECE_BYTES);
  }

  /** Whether a piece of {@code size} bytes would be kept. */
  boolean admits(long size) {
    return size > 0 && size <= maxPieceBytes && size <= maxBytes;
  }

  /** The entry kept for {@code path}, or null; counts as a use. */
  synchronized Entry get(String path) {
    return map.get(path);
  }

  /**
   * Keeps a copy of {@code content} (its remaining bytes, left unconsumed) as the answer for {@code
   * path}, evicting the least recently used entries beyond the bound. Returns the entry, or null
   * when the piece is not admitted.
   */
  Entry put(String path, long bucket, Cid cid, ByteBuffer content, String type) {
    int n = content.remaining();
    if (!admits(n)) {
      return null;
    }
    ByteBuffer copy = ByteBuffer.allocateDirect(n);
    copy.put(content.duplicate()).flip();
    Entry e =
        new Entry(
            bucket,
            cid,
            Unpooled.wrappedBuffer(copy).asReadOnly(),
            HttpHeaders.createOptimized("\"" + cid + "\""),
            HttpHeaders.createOptimized(Integer.toString(n)),
            HttpHeaders.createOptimized(type));
    synchronized (this) {
      Entry old = map.put(path, e);
      bytes += n - (old == null ? 0 : old.size());
      Iterator<Entry> it = map.values().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        bytes -= it.next().size();
        it.remove();
      }
    }
    return e;
  }

  synchronized int size() {
    return map.size();
  }

  /** The bodies' total size now. */
  synchronized long bytes() {
    return bytes;
  }

  /** Paths kept, least recently used first (for tests). */
  synchronized Iterable<String> paths() {
    return java.util.List.copyOf(map.keySet());
  }

  @Override
  public synchronized String toString() {
    return "HotPieces[" + map.size() + " pieces, " + bytes + " of " + maxBytes + " bytes]";
  }
}
