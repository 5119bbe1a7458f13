package io.ddc.edge;

import io.ddc.protocol.cid.Cid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's cache of whole small raw pieces, keyed by the request path that named them ({@code
 * /{bucketId}/{cid}}), with the response's header values encoded once: a hot small GET is one
 * lookup here and one write (decision 0056). Bodies live off the heap in direct buffers that the
 * garbage collector frees once neither the cache nor an unfinished write holds them, so eviction
 * never races a write. Bounded by the total of the bodies' sizes.
 *
 * <p>Shared by the event loops, and a hit takes no lock: the map is concurrent, and a hit only sets
 * its entry's "used" mark (a plain write, and only when the mark is not yet set), so two event
 * loops never wait for each other on the hot path (decision 0059). Eviction is second-chance
 * (CLOCK), an approximation of least-recently-used: entries queue in the order they were kept; the
 * oldest goes first unless it was used since it was last looked at, in which case its mark is
 * cleared and it goes to the back of the queue; the piece being kept is never the one to go. Only
 * {@link #put} takes the cache's monitor.
 *
 * <p>What a path names never changes once answered: piece records are content-addressed and never
 * rewritten or deleted, and a CID's bytes are its bytes (the same reasoning as the per-CID caches
 * of {@link BucketContent}).
 */
final class HotPieces {
  /**
   * Default bound of the bodies' total size: 64 MiB. Each kept piece also holds its status line and
   * headers (about 250 bytes, {@link Entry#answerToGet}), which the bound does not count.
   */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Default largest piece kept: 64 KiB (larger pieces go out with sendfile). */
  static final int DEFAULT_MAX_PIECE_BYTES = 64 * 1024;

  /**
   * One cached answer. {@code body} is read-only; each response writes its own slice of it. {@code
   * headers} is read-only too: a response takes it whole ({@code headers().setAll}), which shares
   * its entries instead of adding and validating each header again, and copies them only if the
   * response changes a header afterwards.
   *
   * @param bucket the bucket the path named
   * @param cid the piece's CID
   * @param body the piece's bytes, off the heap
   * @param headers the response's headers ({@link HttpGateway#hotHeaders}), read-only
   * @param wire the whole answer on the wire ({@link #answerToGet}), {@code body} its tail
   */
  record Entry(long bucket, Cid cid, ByteBuf body, MultiMap headers, ByteBuf wire) {

    int size() {
      return body.readableBytes();
    }

    /**
     * The whole {@code 200} answer to a {@code GET} as HTTP/1.1 puts it on the wire: status line,
     * {@link #headers}, blank line, then {@link #body}, which is a slice of these bytes (so a kept
     * piece costs its bytes once). Read-only; {@link HotGetHandler} writes a duplicate of it.
     */
    ByteBuf answerToGet() {
      return wire;
    }

    /** The answer to a {@code HEAD}: {@link #answerToGet} without the body. */
    ByteBuf answerToHead() {
      return wire.slice(0, wire.readableBytes() - body.readableBytes());
    }
  }

  /** A kept entry and its second-chance mark. */
  private static final class Slot {
    final Entry entry;
    volatile boolean used;

    Slot(Entry entry) {
      this.entry = entry;
    }
  }

  private final long maxBytes;
  private final int maxPieceBytes;
  private final ConcurrentHashMap<String, Slot> map = new ConcurrentHashMap<>(1024);
  // guarded by this: the paths in the order they were kept (or given their second chance)
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private volatile long bytes;

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

  /** The entry kept for {@code path}, or null; counts as a use. Takes no lock. */
  Entry get(String path) {
    Slot s = map.get(path);
    if (s == null) {
      return null;
    }
    if (!s.used) {
      s.used = true;
    }
    return s.entry;
  }

  /**
   * Keeps a copy of {@code content} (its remaining bytes, left unconsumed) as the answer for {@code
   * path}, evicting entries beyond the bound, oldest unused first. Returns the entry, or null when
   * the piece is not admitted.
   */
  Entry put(String path, long bucket, Cid cid, ByteBuffer content, String type) {
    int n = content.remaining();
    if (!admits(n)) {
      return null;
    }
    MultiMap headers = HttpGateway.hotHeaders(cid, n, type);
    byte[] head = statusAndHeaders(headers);
    ByteBuffer copy = ByteBuffer.allocateDirect(head.length + n);
    copy.put(head).put(content.duplicate()).flip();
    ByteBuf wire = Unpooled.wrappedBuffer(copy).asReadOnly();
    Entry e = new Entry(bucket, cid, wire.slice(head.length, n), headers, wire);
    synchronized (this) {
      Slot old = map.put(path, new Slot(e));
      long total = bytes + n;
      if (old == null) {
        queue.addLast(path);
      } else {
        total -= old.entry.size();
      }
      while (total > maxBytes && !queue.isEmpty()) {
        String oldest = queue.pollFirst();
        Slot s = map.get(oldest);
        if (oldest.equals(path)) { // the piece just kept is never the one to go
          queue.addLast(oldest);
          if (queue.size() == 1) {
            break;
          }
        } else if (s.used) {
          s.used = false;
          queue.addLast(oldest);
        } else {
          map.remove(oldest);
          total -= s.entry.size();
        }
      }
      bytes = total;
    }
    return e;
  }

  /**
   * The status line and header block of a {@code 200} with {@code headers}, each header as {@code
   * name: value} in the map's order, ending with the blank line: the bytes Vert.x writes for the
   * same response (it adds no header of its own when {@code content-length} is set and the
   * connection stays open).
   */
  static byte[] statusAndHeaders(MultiMap headers) {
    StringBuilder b = new StringBuilder(256).append("HTTP/1.1 200 OK\r\n");
    for (var h : headers) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  int size() {
    return map.size();
  }

  /** The bodies' total size now. */
  long bytes() {
    return bytes;
  }

  /** Paths kept, next to be considered for eviction first (for tests). */
  synchronized Iterable<String> paths() {
    return List.copyOf(queue);
  }

  @Override
  public String toString() {
    return "HotPieces[" + map.size() + " pieces, " + bytes + " of " + maxBytes + " bytes]";
  }
}
