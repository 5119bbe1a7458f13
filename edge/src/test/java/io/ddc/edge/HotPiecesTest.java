package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's small-piece cache: admission, byte bound, second-chance eviction, prebuilt header
 * values, lock-free hits beside concurrent puts.
 */
class HotPiecesTest {
  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void keepsACopyWithEncodedHeaderValuesAndLeavesTheSourceUnread() {
    HotPieces hot = new HotPieces(1 << 20, 4096);
    byte[] data = bytes(4096, 1);
    Cid cid = Cid.compute(Cid.Codec.RAW, data);
    ByteBuffer src = ByteBuffer.wrap(data);
    HotPieces.Entry e = hot.put("/1/" + cid, 1, cid, src, "image/png");
    assertThat(src.remaining()).isEqualTo(4096);
    data[0] ^= 1; // the cache holds its own copy
    assertThat(hot.get("/1/" + cid)).isSameAs(e);
    byte[] kept = new byte[4096];
    e.body().getBytes(0, kept);
    assertThat(kept[0]).isEqualTo((byte) (data[0] ^ 1));
    assertThat(e.body().isDirect()).isTrue();
    assertThat(e.body().isReadOnly()).isTrue();
    assertThat(e.headers().get("etag")).isEqualTo("\"" + cid + "\"");
    assertThat(e.headers().get("content-length")).isEqualTo("4096");
    assertThat(e.headers().get("content-type")).isEqualTo("image/png");
    assertThat(e.headers().get("cache-control")).isEqualTo(HttpGateway.IMMUTABLE);
    assertThat(e.headers().names())
        .containsExactlyInAnyOrder(
            "access-control-allow-origin",
            "etag",
            "accept-ranges",
            "cache-control",
            "content-type",
            "x-content-type-options",
            "content-length");
    assertThatThrownBy(() -> e.headers().add("x", "y")).isInstanceOf(IllegalStateException.class);
    assertThat(e.bucket()).isEqualTo(1);
    assertThat(hot.bytes()).isEqualTo(4096);
    assertThat(hot.get("/2/" + cid)).isNull();
  }

  @Test
  void admitsOnlyNonEmptyPiecesUpToTheLimit() {
    HotPieces hot = new HotPieces(10_000, 4096);
    Cid cid = Cid.compute(Cid.Codec.RAW, new byte[] {1});
    assertThat(hot.admits(0)).isFalse();
    assertThat(hot.admits(4096)).isTrue();
    assertThat(hot.admits(4097)).isFalse();
    assertThat(hot.put("/1/x", 1, cid, ByteBuffer.allocate(4097), "t")).isNull();
    assertThat(hot.put("/1/y", 1, cid, ByteBuffer.allocate(0), "t")).isNull();
    assertThat(hot.size()).isZero();
    assertThat(new HotPieces(0, 4096).admits(1)).isFalse();
    assertThatThrownBy(() -> new HotPieces(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void evictsTheOldestUnusedEntryBeyondTheByteBoundGivingUsedOnesASecondChance() {
    HotPieces hot = new HotPieces(3 * 1000, 1000);
    Cid cid = Cid.compute(Cid.Codec.RAW, new byte[] {1});
    for (String p : new String[] {"/1/a", "/1/b", "/1/c"}) {
      hot.put(p, 1, cid, ByteBuffer.wrap(bytes(1000, p.length())), "t");
    }
    assertThat(hot.get("/1/a")).isNotNull(); // a was used since it was kept: it stays
    hot.put("/1/d", 1, cid, ByteBuffer.wrap(bytes(1000, 4)), "t");
    assertThat(hot.get("/1/b")).isNull();
    // a went to the back of the queue, behind d, with its mark cleared
    assertThat(hot.paths()).containsExactly("/1/c", "/1/d", "/1/a");
    assertThat(hot.bytes()).isEqualTo(3000);
    // replacing an entry counts its new size only once and keeps its place
    hot.put("/1/d", 1, cid, ByteBuffer.wrap(bytes(500, 5)), "t");
    assertThat(hot.bytes()).isEqualTo(2500);
    assertThat(hot.size()).isEqualTo(3);
    assertThat(hot.paths()).containsExactly("/1/c", "/1/d", "/1/a");
    // unused since their second chance: the next put evicts oldest first, c then d
    hot.put("/1/e", 1, cid, ByteBuffer.wrap(bytes(1000, 6)), "t");
    hot.put("/1/f", 1, cid, ByteBuffer.wrap(bytes(1000, 7)), "t");
    assertThat(hot.paths()).containsExactly("/1/a", "/1/e", "/1/f");
    assertThat(hot.bytes()).isEqualTo(3000);
  }

  @Test
  void aSecondChanceLastsUntilTheNextPass() {
    HotPieces hot = new HotPieces(2 * 1000, 1000);
    Cid cid = Cid.compute(Cid.Codec.RAW, new byte[] {1});
    hot.put("/1/a", 1, cid, ByteBuffer.wrap(bytes(1000, 1)), "t");
    hot.put("/1/b", 1, cid, ByteBuffer.wrap(bytes(1000, 2)), "t");
    hot.get("/1/a");
    hot.get("/1/b");
    // both used: both get their second chance, then a (oldest again) goes
    hot.put("/1/c", 1, cid, ByteBuffer.wrap(bytes(1000, 3)), "t");
    assertThat(hot.paths()).containsExactly("/1/b", "/1/c");
    assertThat(hot.get("/1/a")).isNull();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void hitsDuringConcurrentPutsSeeWholeEntriesAndTheBoundHolds() throws Exception {
    HotPieces hot = new HotPieces(64 * 1000, 1000);
    Cid cid = Cid.compute(Cid.Codec.RAW, new byte[] {1});
    for (int i = 0; i < 64; i++) {
      hot.put("/1/" + i, 1, cid, ByteBuffer.wrap(bytes(1000, i)), "t");
    }
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> reader =
        CompletableFuture.supplyAsync(
            () -> {
              int hits = 0;
              for (int i = 0; !stop.get(); i++) {
                HotPieces.Entry e = hot.get("/1/" + (i % 256));
                if (e != null) {
                  assertThat(e.size()).isEqualTo(1000);
                  assertThat(e.headers().get("content-length")).isEqualTo("1000");
                  hits++;
                }
              }
              return hits;
            });
    for (int i = 0; i < 20_000; i++) {
      hot.put("/1/" + (i % 256), 1, cid, ByteBuffer.wrap(bytes(1000, i)), "t");
      assertThat(hot.bytes()).isLessThanOrEqualTo(64 * 1000);
    }
    stop.set(true);
    assertThat(reader.get(20, TimeUnit.SECONDS)).isPositive();
    assertThat(hot.size()).isEqualTo(64);
    assertThat(hot.bytes()).isEqualTo(64 * 1000);
    assertThat(hot.paths()).hasSize(64);
  }
}
