package io.ddc.cluster;

import io.ddc.storage.PieceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable list of the versioned records this node holds (docs/spec/cluster-transfer.md §8.6),
 * which the repair pass walks: the store keeps records by key and cannot list them.
 *
 * <p>Addresses are appended in the order they are first stored and never removed (records are not
 * deleted). They are kept in pages of {@value #PAGE_ENTRIES} addresses, each page a store record of
 * bucket 0, namespace {@value #NAMESPACE}, key = the page number (8 bytes, big-endian), value = its
 * addresses in the §4.2 encoding, concatenated. Appending rewrites the last page. Pages are written
 * one after the other, so a page exists only when every earlier one is full and durable.
 *
 * <p>Concurrency: confined to {@code context}. Appends that arrive while a page write runs are
 * written together by the next one (group commit), and each append's future completes when the page
 * holding it is durable.
 */
final class RecordIndex {
  /** Store namespace of the index pages. */
  static final String NAMESPACE = "ddc.rindex";

  /** Addresses per page. */
  static final int PAGE_ENTRIES = 64;

  private final Context context;
  private final PieceStore store;
  private final List<P2pServer.RecordAddress> addresses = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private int durable;
  private Future<Void> running;
  private int runningUpTo;
  private Promise<Void> pending;

  RecordIndex(Context context, PieceStore store) {
    this.context = context;
    this.store = store;
  }

  /** Reads the pages written before; call once, before any {@link #add}. */
  Future<Void> load() {
    return loadPage(0);
  }

  private Future<Void> loadPage(long page) {
    return P2pServer.onContext(context, store.getRecord(0, NAMESPACE, pageKey(page)))
        .compose(
            value -> {
              if (value.isEmpty()) {
                durable = addresses.size();
                return Future.succeededFuture();
              }
              ByteBuffer b = ByteBuffer.wrap(value.get());
              while (b.hasRemaining()) {
                remember(P2pServer.RecordAddress.decode(b));
              }
              return loadPage(page + 1);
            });
  }

  private int remember(P2pServer.RecordAddress a) {
    Integer known = positions.get(a.id());
    if (known != null) {
      return known;
    }
    addresses.add(a);
    positions.put(a.id(), addresses.size() - 1);
    return addresses.size() - 1;
  }

  /** Records {@code a}; the future completes once it is durably listed. On the context only. */
  Future<Void> add(P2pServer.RecordAddress a) {
    int at = remember(a);
    if (at < durable) {
      return Future.succeededFuture();
    }
    if (running != null && at < runningUpTo) {
      return running;
    }
    if (pending == null) {
      pending = Promise.promise();
    }
    Future<Void> mine = pending.future();
    if (running == null) {
      flush();
    }
    return mine;
  }

  /** The listed addresses, in the order they were first stored; a snapshot. */
  List<P2pServer.RecordAddress> addresses() {
    return List.copyOf(addresses);
  }

  private void flush() {
    Promise<Void> done = pending;
    pending = null;
    int from = durable;
    int to = addresses.size();
    runningUpTo = to;
    running = done.future();
    writePages(from / PAGE_ENTRIES, to)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                durable = Math.max(durable, to);
              }
              running = null;
              done.handle(ar);
              if (pending != null) {
                flush();
              }
            });
  }

  /** Writes pages {@code first} … the one holding entry {@code to - 1}, in order. */
  private Future<Void> writePages(long first, int to) {
    long start = first * PAGE_ENTRIES;
    if (start >= to) {
      return Future.succeededFuture();
    }
    List<P2pServer.RecordAddress> page =
        addresses.subList((int) start, (int) Math.min(to, start + PAGE_ENTRIES));
    byte[] value = P2pServer.RecordAddress.encodeAll(page);
    return P2pServer.onContext(context, store.putRecord(0, NAMESPACE, pageKey(first), value))
        .compose(v -> writePages(first + 1, to));
  }

  private static byte[] pageKey(long page) {
    return ByteBuffer.allocate(Long.BYTES).putLong(page).array();
  }
}
