package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.holds;
import static io.ddc.cluster.ClusterHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.ddc.storage.PieceInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PieceCacheTest {

  @Test
  void evictsLeastRecentlyUsedBeyondCapacity() throws Exception {
    try (InMemoryPieceStore store = new InMemoryPieceStore()) {
      PieceCache cache = new PieceCache(store, 3000);
      Cid a = add(store, cache, 1000, 1);
      Cid b = add(store, cache, 1000, 2);
      Cid c = add(store, cache, 1000, 3);
      cache.touched(a); // a is now more recent than b
      Cid d = add(store, cache, 1000, 4);
      assertThat(cache.bytes()).isEqualTo(3000);
      assertThat(cache.evictions()).isEqualTo(1);
      awaitGone(store, b);
      assertThat(holds(store, a) && holds(store, c) && holds(store, d)).isTrue();

      Cid huge = add(store, cache, 5000, 5); // alone above capacity: kept, all others evicted
      assertThat(cache.bytes()).isEqualTo(5000);
      awaitGone(store, a);
      awaitGone(store, c);
      awaitGone(store, d);
      assertThat(holds(store, huge)).isTrue();
    }
  }

  private static Cid add(InMemoryPieceStore store, PieceCache cache, int size, int seed)
      throws Exception {
    byte[] content = new byte[size];
    new java.util.Random(seed).nextBytes(content);
    Cid cid = write(store, 1, content);
    PieceInfo info = store.stat(cid).get(5, TimeUnit.SECONDS).orElseThrow();
    cache.added(info);
    return cid;
  }

  private static void awaitGone(InMemoryPieceStore store, Cid cid) {
    ClusterHarness.await(
        () -> !holds(store, cid), java.time.Duration.ofSeconds(5), cid + " evicted");
  }
}
