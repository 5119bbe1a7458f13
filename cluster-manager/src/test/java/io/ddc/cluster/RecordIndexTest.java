package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.storage.PieceStore;
import io.ddc.storage.StoreOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIndexTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void addressesSurviveAReopenInTheOrderTheyWereFirstAdded(@TempDir Path dir) throws Exception {
    int count = RecordIndex.PAGE_ENTRIES * 2 + 5; // three pages, the last one partial
    List<P2pServer.RecordAddress> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(new P2pServer.RecordAddress(i % 3, i % 2 == 0 ? "edge.piece" : "cns", key(i)));
    }
    try (PieceStore store = open(dir)) {
      Context ctx = vertx.getOrCreateContext();
      RecordIndex index = new RecordIndex(ctx, store);
      on(ctx, index::load);
      // all at once: appends made while a page write runs go into the next one
      on(
          ctx,
          () -> {
            List<Future<Void>> all = new ArrayList<>();
            for (P2pServer.RecordAddress a : added) {
              all.add(index.add(a));
            }
            all.add(index.add(added.get(3))); // again: listed once
            return Future.all(all).mapEmpty();
          });
      assertThat(ids(index.addresses())).isEqualTo(ids(added));
    }
    try (PieceStore store = open(dir)) {
      Context ctx = vertx.getOrCreateContext();
      RecordIndex index = new RecordIndex(ctx, store);
      on(ctx, index::load);
      assertThat(ids(index.addresses())).isEqualTo(ids(added));
      P2pServer.RecordAddress extra = new P2pServer.RecordAddress(9, "cns", key(-1));
      on(ctx, () -> index.add(extra));
      assertThat(index.addresses()).hasSize(count + 1);
    }
  }

  private static PieceStore open(Path dir) throws Exception {
    return PieceStore.openOrRecover(dir, new StoreOptions(), c -> {});
  }

  private static <T> T on(Context ctx, Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> ids(List<P2pServer.RecordAddress> as) {
    return as.stream().map(P2pServer.RecordAddress::id).toList();
  }
}
