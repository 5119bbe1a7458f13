package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The gateway's small-piece cache: admission, byte bound, LRU order, prebuilt header values. */
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
    assertThat(e.etag().toString()).isEqualTo("\"" + cid + "\"");
    assertThat(e.contentLength().toString()).isEqualTo("4096");
    assertThat(e.type().toString()).isEqualTo("image/png");
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
  void evictsTheLeastRecentlyUsedBeyondTheByteBound() {
    HotPieces hot = new HotPieces(3 * 1000, 1000);
    Cid cid = Cid.compute(Cid.Codec.RAW, new byte[] {1});
    for (String p : new String[] {"/1/a", "/1/b", "/1/c"}) {
      hot.put(p, 1, cid, ByteBuffer.wrap(bytes(1000, p.length())), "t");
    }
    assertThat(hot.get("/1/a")).isNotNull(); // a is now the most recently used
    hot.put("/1/d", 1, cid, ByteBuffer.wrap(bytes(1000, 4)), "t");
    assertThat(hot.get("/1/b")).isNull();
    assertThat(hot.paths()).containsExactly("/1/c", "/1/a", "/1/d");
    assertThat(hot.bytes()).isEqualTo(3000);
    // replacing an entry counts its new size only once
    hot.put("/1/d", 1, cid, ByteBuffer.wrap(bytes(500, 5)), "t");
    assertThat(hot.bytes()).isEqualTo(2500);
    assertThat(hot.size()).isEqualTo(3);
  }
}
