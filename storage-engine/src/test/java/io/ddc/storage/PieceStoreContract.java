package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link PieceStore} implementation shares. Subclasses supply a fresh, empty
 * store per test; the suite closes it afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class PieceStoreContract {

  private final List<PieceStore> opened = new ArrayList<>();

  /** A new, empty store with {@code options}. */
  protected abstract PieceStore newStore(StoreOptions options);

  /** A new store with test-sized defaults. */
  protected PieceStore store() {
    return store(new StoreOptions());
  }

  /** A new store that the suite closes after the test. */
  protected final PieceStore store(StoreOptions options) {
    PieceStore s = newStore(options);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    for (PieceStore s : opened) {
      s.close();
    }
  }

  /** Waits for {@code f} and unwraps its failure. */
  protected static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code content} in chunks of {@code chunk} bytes and commits. */
  protected static PieceInfo put(PieceStore s, long bucket, byte[] content, int chunk) {
    PieceWriter w = s.newPiece(bucket, Cid.Codec.RAW);
    for (int i = 0; i < content.length; i += chunk) {
      await(w.write(ByteBuffer.wrap(content, i, Math.min(chunk, content.length - i))));
    }
    return await(w.commit());
  }

  /** Reads a whole piece. */
  protected static byte[] get(PieceStore s, Cid cid) {
    try (PieceRegion r = await(s.open(cid))) {
      return bytes(await(r.read(0, (int) r.size())));
    }
  }

  /** The remaining bytes of {@code b}. */
  protected static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** {@code n} pseudo-random bytes. */
  protected static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void rangesReadIntoCallerBuffersEqualTheStoredBytes() {
    PieceStore s = store();
    byte[] content = random(60, 300_000);
    byte[] one = random(61, 3000);
    PieceInfo info = put(s, 1, content, 70_000);
    PieceInfo small = put(s, 1, one, 3000);
    Random rnd = new Random(62);
    try (PieceRegion r = await(s.open(info.cid()));
        PieceRegion q = await(s.open(small.cid()))) {
      for (int i = 0; i < 40; i++) {
        PieceRegion region = i % 4 == 3 ? q : r;
        byte[] all = region == q ? one : content;
        int length = rnd.nextInt(Math.min(all.length, 140_000) + 1);
        int offset = rnd.nextInt(all.length - length + 1);
        byte[] expected = java.util.Arrays.copyOfRange(all, offset, offset + length);
        for (ByteBuffer dst :
            List.of(ByteBuffer.allocate(length + 9), ByteBuffer.allocateDirect(length + 9))) {
          dst.position(5).limit(5 + length);
          ByteBuffer done = await(region.read(offset, dst));
          assertThat(done).isSameAs(dst);
          assertThat(done.position()).isEqualTo(5 + length);
          assertThat(bytes(done.flip().position(5))).isEqualTo(expected);
          dst.clear().position(5).limit(5 + length);
          region.readFully(offset, dst);
          assertThat(bytes(dst.flip().position(5))).isEqualTo(expected);
        }
      }
      assertThatThrownBy(() -> await(r.read(0, ByteBuffer.allocate(10).asReadOnlyBuffer())))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> await(r.read(299_999, ByteBuffer.allocateDirect(2))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void commitReturnsTheGoldenCidOfTheBytes() {
    PieceStore s = store();
    PieceInfo info = put(s, 1, "Hello DDC".getBytes(StandardCharsets.US_ASCII), 4);
    // node-protocol.md §12 vector [6]
    assertThat(info.cid().toString())
        .isEqualTo("baebb4iaetsfdtdfcp4nszxk5pdrjmruutyvz2zx6ywyvnhlmly6niqrkre");
    assertThat(info.size()).isEqualTo(9);
    assertThat(info.bucketId()).isEqualTo(1);
  }

  @Test
  void readReturnsAppendedBytesWholeAndInRanges() {
    PieceStore s = store();
    byte[] content = random(1, 300_000);
    PieceInfo info = put(s, 7, content, 65_536);
    assertThat(info.cid()).isEqualTo(Cid.compute(Cid.Codec.RAW, content));
    assertThat(get(s, info.cid())).isEqualTo(content);
    try (PieceRegion r = await(s.open(info.cid()))) {
      assertThat(r.size()).isEqualTo(content.length);
      ByteBuffer mid = await(r.read(65_530, 70_000));
      assertThat(mid.isDirect()).isTrue();
      assertThat(bytes(mid))
          .isEqualTo(java.util.Arrays.copyOfRange(content, 65_530, 65_530 + 70_000));
      assertThat(bytes(await(r.read(content.length - 1, 1))))
          .containsExactly(content[content.length - 1]);
      assertThat(await(r.read(0, 0)).remaining()).isZero();
      assertThatThrownBy(() -> await(r.read(content.length - 10, 11)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> await(r.read(-1, 1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void readFullyFillsHeapAndDirectBuffersWithTheSameBytesAsRead() {
    PieceStore s = store();
    byte[] content = random(2, 600_000);
    PieceInfo large = put(s, 7, content, 100_000);
    byte[] small = random(3, 4096);
    PieceInfo one = put(s, 7, small, 4096);
    Random rnd = new Random(4);
    try (PieceRegion r = await(s.open(large.cid()));
        PieceRegion q = await(s.open(one.cid()))) {
      for (int i = 0; i < 40; i++) {
        int length = rnd.nextInt(i % 4 == 0 ? content.length : 140_000);
        int offset = rnd.nextInt(content.length - length + 1);
        ByteBuffer dst =
            i % 2 == 0 ? ByteBuffer.allocate(length + 3) : ByteBuffer.allocateDirect(length + 3);
        dst.position(3);
        r.readFully(offset, dst);
        assertThat(dst.position()).isEqualTo(length + 3);
        assertThat(bytes(dst.position(3)))
            .as("range %d+%d", offset, length)
            .isEqualTo(java.util.Arrays.copyOfRange(content, offset, offset + length));
      }
      ByteBuffer whole = ByteBuffer.allocate(small.length);
      q.readFully(0, whole);
      assertThat(whole.array()).isEqualTo(small);
      ByteBuffer tail = ByteBuffer.allocate(5);
      q.readFully(small.length - 5, tail);
      assertThat(tail.array())
          .isEqualTo(java.util.Arrays.copyOfRange(small, small.length - 5, small.length));
      assertThatThrownBy(() -> q.readFully(small.length - 4, ByteBuffer.allocate(5)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.readFully(-1, ByteBuffer.allocate(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void emptyPieceIsAPiece() {
    PieceStore s = store();
    PieceInfo info = put(s, 1, new byte[0], 1);
    assertThat(info.size()).isZero();
    assertThat(get(s, info.cid())).isEmpty();
  }

  @Test
  void codecGoesIntoTheCid() {
    PieceStore s = store();
    PieceWriter w = s.newPiece(1, Cid.Codec.MULTIPART);
    await(w.write(ByteBuffer.wrap("Hello DDC".getBytes(StandardCharsets.US_ASCII))));
    // node-protocol.md §12 vector [D3]
    assertThat(await(w.commit()).cid().toString())
        .isEqualTo("baebr4iaetsfdtdfcp4nszxk5pdrjmruutyvz2zx6ywyvnhlmly6niqrkre");
  }

  @Test
  void dagNodeCidsMatchTheGoldenVectors() {
    PieceStore s = store();
    java.util.HexFormat hex = java.util.HexFormat.of();
    String[][] vectors = {
      // node-protocol.md §12: [5] Node{data:"Hello DDC"}, [D1] empty node, [D2] the "Root" node
      {"0a0948656c6c6f20444443", "baear4iejt372x5dgt6jgp7zltx7eq2dfanbqieiqcqwlnzs6vv666pbnxm"},
      {"", "baear4ifpcne3t5pzugtkaqcn5i3nzskjtpfslsnnyejlpte2spfoihzsmi"},
      {
        "0a04526f6f74122e0a2401021e20a1aac0a5ca0ae12fa6eae5018e78a87b08606eec7a1d39219a59fd1179"
            + "ebb81512046c65616618041a060a016b120176",
        "baear4ibshuwujv2mytudlpz7zrpc5amgzvoz3ajaqtotjgklimknn5q5aq"
      }
    };
    for (String[] v : vectors) {
      PieceWriter w = s.newPiece(1, Cid.Codec.DAG_NODE);
      byte[] node = hex.parseHex(v[0]);
      await(w.write(ByteBuffer.wrap(node)));
      PieceInfo info = await(w.commit());
      assertThat(info.cid().toString()).isEqualTo(v[1]);
      assertThat(get(s, info.cid())).isEqualTo(node);
    }
  }

  @Test
  void statAndOpenOfAnUnknownCid() {
    PieceStore s = store();
    Cid unknown = Cid.compute(Cid.Codec.RAW, new byte[] {42});
    assertThat(await(s.stat(unknown))).isEmpty();
    assertThatThrownBy(() -> await(s.open(unknown))).isInstanceOf(PieceNotFoundException.class);
  }

  @Test
  void statDescribesAStoredPiece() {
    PieceStore s = store();
    PieceInfo info = put(s, 3, random(2, 1000), 100);
    assertThat(await(s.stat(info.cid()))).contains(info);
  }

  @Test
  void nothingIsVisibleBeforeCommitAndAbortDiscards() {
    PieceStore s = store();
    byte[] content = random(3, 5000);
    Cid cid = Cid.compute(Cid.Codec.RAW, content);
    PieceWriter w = s.newPiece(1, Cid.Codec.RAW);
    await(w.write(ByteBuffer.wrap(content)));
    assertThat(await(s.stat(cid))).isEmpty();
    w.abort();
    w.abort();
    assertThat(await(s.stat(cid))).isEmpty();
    assertThat(await(s.list(1))).isEmpty();
  }

  @Test
  void duplicateContentIsStoredOnce() {
    PieceStore s = store();
    byte[] content = random(4, 2000);
    PieceInfo first = put(s, 1, content, 2000);
    PieceInfo second = put(s, 2, content, 100);
    assertThat(second).isEqualTo(first);
    assertThat(await(s.list(1))).containsExactly(first);
    assertThat(await(s.list(2))).isEmpty();
    assertThat(s.stats().pieces()).isEqualTo(1);
  }

  @Test
  void deleteRemovesAPieceOnce() {
    PieceStore s = store();
    PieceInfo info = put(s, 1, random(5, 10_000), 4096);
    assertThat(await(s.delete(info.cid()))).isTrue();
    assertThat(await(s.delete(info.cid()))).isFalse();
    assertThat(await(s.stat(info.cid()))).isEmpty();
    assertThatThrownBy(() -> await(s.open(info.cid()))).isInstanceOf(PieceNotFoundException.class);
    // and it can be stored again
    assertThat(put(s, 1, random(5, 10_000), 10_000).cid()).isEqualTo(info.cid());
    assertThat(get(s, info.cid())).isEqualTo(random(5, 10_000));
  }

  @Test
  void anOpenRegionStaysReadableAfterDelete() {
    PieceStore s = store();
    byte[] content = random(6, 20_000);
    PieceInfo info = put(s, 1, content, 20_000);
    try (PieceRegion r = await(s.open(info.cid()))) {
      assertThat(await(s.delete(info.cid()))).isTrue();
      assertThat(bytes(await(r.read(0, content.length)))).isEqualTo(content);
    }
  }

  @Test
  void aClosedRegionRefusesReads() {
    PieceStore s = store();
    PieceInfo info = put(s, 1, random(7, 100), 100);
    PieceRegion r = await(s.open(info.cid()));
    r.close();
    r.close();
    assertThatThrownBy(() -> await(r.read(0, 1))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> r.readFully(0, ByteBuffer.allocate(1)))
        .isInstanceOf(StoreClosedException.class);
  }

  @Test
  void listReturnsABucketsPiecesInCidOrder() {
    PieceStore s = store();
    List<PieceInfo> b1 = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      b1.add(put(s, 1, random(100 + i, 100 + i), 64));
      put(s, 2, random(200 + i, 50), 64);
    }
    b1.sort((a, b) -> a.cid().compareTo(b.cid()));
    assertThat(await(s.list(1))).containsExactlyElementsOf(b1);
    assertThat(await(s.list(2))).hasSize(20);
    assertThat(await(s.list(3))).isEmpty();
    await(s.delete(b1.get(0).cid()));
    assertThat(await(s.list(1))).containsExactlyElementsOf(b1.subList(1, 20));
  }

  @Test
  void recordsAreKeyedByBucketNamespaceAndKey() {
    PieceStore s = store();
    byte[] k = {1, 2, 3};
    assertThat(await(s.getRecord(1, "dag", k))).isEmpty();
    await(s.putRecord(1, "dag", k, new byte[] {9}));
    await(s.putRecord(2, "dag", k, new byte[] {8}));
    await(s.putRecord(1, "cns", k, new byte[] {7}));
    assertThat(await(s.getRecord(1, "dag", k)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(9));
    assertThat(await(s.getRecord(2, "dag", k)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(8));
    assertThat(await(s.getRecord(1, "cns", k)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(7));
    await(s.putRecord(1, "dag", k, new byte[] {6, 6}));
    assertThat(await(s.getRecord(1, "dag", k)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(6, 6));
    assertThat(await(s.deleteRecord(1, "dag", k))).isTrue();
    assertThat(await(s.deleteRecord(1, "dag", k))).isFalse();
    assertThat(await(s.getRecord(1, "dag", k))).isEmpty();
    assertThat(await(s.getRecord(2, "dag", k))).isPresent();
    assertThat(s.stats().records()).isEqualTo(2);
  }

  @Test
  void recordArraysAreCopied() {
    PieceStore s = store();
    byte[] k = {1};
    byte[] v = {5};
    await(s.putRecord(1, "n", k, v));
    v[0] = 0;
    k[0] = 2;
    byte[] got = await(s.getRecord(1, "n", new byte[] {1})).orElseThrow();
    assertThat(got).containsExactly(5);
    got[0] = 0;
    assertThat(await(s.getRecord(1, "n", new byte[] {1})).orElseThrow()).containsExactly(5);
  }

  @Test
  void anOversizedRecordIsRefused() {
    PieceStore s = store(new StoreOptions().maxRecordBytes(100));
    assertThatThrownBy(() -> await(s.putRecord(1, "n", new byte[] {1}, new byte[101])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("101");
  }

  @Test
  void anOversizedPieceFailsAndLeavesNothing() {
    PieceStore s = store(new StoreOptions().maxPieceBytes(10_000));
    PieceWriter w = s.newPiece(1, Cid.Codec.RAW);
    await(w.write(ByteBuffer.wrap(new byte[6000])));
    assertThatThrownBy(() -> await(w.write(ByteBuffer.wrap(new byte[6000]))))
        .isInstanceOf(CapacityExceededException.class)
        .hasMessageContaining("10000");
    w.abort();
    assertThat(await(s.list(1))).isEmpty();
  }

  @Test
  void aFullStoreRefusesWritesAndKeepsWhatItHas() {
    PieceStore s = store(new StoreOptions().capacityBytes(1 << 20).segmentSize(256 << 10));
    List<PieceInfo> stored = new ArrayList<>();
    CapacityExceededException refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      try {
        stored.add(put(s, 1, random(300 + i, 200_000), 50_000));
      } catch (CapacityExceededException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(stored).hasSizeBetween(3, 5);
    for (int i = 0; i < stored.size(); i++) {
      assertThat(get(s, stored.get(i).cid())).isEqualTo(random(300 + i, 200_000));
    }
    assertThat(await(s.list(1))).hasSize(stored.size());
    assertThat(s.healthy()).isTrue();
    // deleting makes room again (after compaction for segment stores)
    assertThat(s.stats().capacityBytes()).isEqualTo(1 << 20);
  }

  @Test
  void concurrentWritersAllGetTheirPieces() {
    PieceStore s = store();
    List<CompletableFuture<PieceInfo>> commits = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] content = random(400 + i, 30_000 + i);
      PieceWriter w = s.newPiece(5, Cid.Codec.RAW);
      commits.add(
          w.write(ByteBuffer.wrap(content, 0, 10_000))
              .thenCompose(v -> w.write(ByteBuffer.wrap(content, 10_000, content.length - 10_000)))
              .thenCompose(v -> w.commit()));
    }
    for (int i = 0; i < 16; i++) {
      PieceInfo info = await(commits.get(i));
      assertThat(get(s, info.cid())).isEqualTo(random(400 + i, 30_000 + i));
    }
    assertThat(await(s.list(5))).hasSize(16);
  }

  @Test
  void aClosedStoreRefusesCalls() {
    PieceStore s = newStore(new StoreOptions());
    s.close();
    assertThat(s.healthy()).isFalse();
    assertThatThrownBy(() -> await(s.stat(Cid.compute(Cid.Codec.RAW, new byte[0]))))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> await(s.getRecord(1, "n", new byte[1])))
        .isInstanceOf(StoreClosedException.class);
  }
}
