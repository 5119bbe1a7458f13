package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TagIndexTest {
  @TempDir Path dir;

  static final TagIndex.Pair RED = new TagIndex.Pair("color", "red");
  static final TagIndex.Pair BLUE = new TagIndex.Pair("color", "blue");
  static final TagIndex.Pair BIG = new TagIndex.Pair("size", "big");

  static byte[] digest(int i) {
    byte[] d = new byte[32];
    d[0] = (byte) (i >> 8);
    d[31] = (byte) i;
    return d;
  }

  static List<Integer> ids(TagIndex.Page p) {
    return p.digests().stream().map(d -> ((d[0] & 0xff) << 8) | (d[31] & 0xff)).toList();
  }

  @Test
  void findsByAllGivenTagsPerBucketInDigestOrder() {
    try (TagIndex index = TagIndex.open(dir)) {
      index.add(1, digest(3), List.of(RED, BIG)).join();
      index.add(1, digest(1), List.of(RED)).join();
      index.add(1, digest(2), List.of(BLUE, BIG)).join();
      index.add(2, digest(4), List.of(RED)).join();
      assertThat(ids(index.find(1, List.of(RED), null, 10))).containsExactly(1, 3);
      assertThat(ids(index.find(1, List.of(BIG), null, 10))).containsExactly(2, 3);
      assertThat(ids(index.find(1, List.of(RED, BIG), null, 10))).containsExactly(3);
      assertThat(ids(index.find(2, List.of(RED), null, 10))).containsExactly(4);
      assertThat(ids(index.find(1, List.of(new TagIndex.Pair("color", "")), null, 10))).isEmpty();
      assertThat(ids(index.find(3, List.of(RED), null, 10))).isEmpty();
      assertThatThrownBy(() -> index.find(1, List.of(), null, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pagesFollowTheCursorWithoutGapsOrRepeats() {
    try (TagIndex index = TagIndex.open(dir)) {
      List<CompletableFuture<Void>> adds = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        adds.add(index.add(7, digest(i * 7 % 300), List.of(RED)));
      }
      adds.forEach(CompletableFuture::join);
      List<Integer> seen = new ArrayList<>();
      byte[] cursor = null;
      int pages = 0;
      while (true) {
        TagIndex.Page p = index.find(7, List.of(RED), cursor, 64);
        seen.addAll(ids(p));
        pages++;
        if (!p.more()) {
          break;
        }
        cursor = p.digests().get(p.digests().size() - 1);
      }
      assertThat(pages).isEqualTo(5);
      assertThat(seen).hasSize(300).isSorted().doesNotHaveDuplicates();
      TagIndex.Page exact = index.find(7, List.of(RED), digest(235), 64);
      assertThat(exact.more()).isFalse();
      assertThat(ids(exact)).hasSize(64).startsWith(236);
    }
  }

  @Test
  void survivesARestartAndCutsATornTail() throws Exception {
    try (TagIndex index = TagIndex.open(dir)) {
      index.add(1, digest(1), List.of(RED)).join();
      index.add(1, digest(2), List.of(RED, BIG)).join();
      index.add(1, digest(2), List.of(RED, BIG)).join();
      assertThat(index.size()).isEqualTo(2);
    }
    Path log = dir.resolve(TagIndex.FILE);
    long good = Files.size(log);
    byte[] torn = Arrays.copyOf(TagIndex.encode(1, digest(9), List.of(RED)), 20);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.allocate(8).putInt(60).putInt(0).flip());
      ch.write(java.nio.ByteBuffer.wrap(torn));
    }
    try (TagIndex index = TagIndex.open(dir)) {
      assertThat(Files.size(log)).isEqualTo(good);
      assertThat(index.size()).isEqualTo(2);
      assertThat(ids(index.find(1, List.of(RED), null, 10))).containsExactly(1, 2);
      assertThat(ids(index.find(1, List.of(BIG), null, 10))).containsExactly(2);
      index.add(1, digest(5), List.of(BIG)).join();
    }
    try (TagIndex index = TagIndex.open(dir)) {
      assertThat(ids(index.find(1, List.of(BIG), null, 10))).containsExactly(2, 5);
    }
  }

  @Test
  void aFlippedByteEndsTheLogThere() throws Exception {
    try (TagIndex index = TagIndex.open(dir)) {
      index.add(1, digest(1), List.of(RED)).join();
      index.add(1, digest(2), List.of(RED)).join();
    }
    Path log = dir.resolve(TagIndex.FILE);
    byte[] bytes = Files.readAllBytes(log);
    bytes[bytes.length - 1] ^= 1;
    Files.write(log, bytes);
    try (TagIndex index = TagIndex.open(dir)) {
      assertThat(ids(index.find(1, List.of(RED), null, 10))).containsExactly(1);
    }
  }

  @Test
  void anOversizedEntryFailsAloneAndLeavesTheLogIntact() {
    try (TagIndex index = TagIndex.open(dir)) {
      TagIndex.Pair huge = new TagIndex.Pair("blob", "x".repeat(TagIndex.MAX_ENTRY));
      assertThatThrownBy(() -> index.add(1, digest(1), List.of(huge)).join())
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
      index.add(1, digest(2), List.of(RED)).join();
    }
    try (TagIndex index = TagIndex.open(dir)) {
      assertThat(ids(index.find(1, List.of(RED), null, 10))).containsExactly(2);
      assertThat(index.size()).isEqualTo(1);
    }
  }

  @Test
  void untaggedNodesAreNotIndexed() {
    try (TagIndex index = TagIndex.open(dir)) {
      index.add(1, digest(1), List.of()).join();
      assertThat(index.size()).isZero();
      assertThatThrownBy(() -> index.add(1, new byte[31], List.of(RED)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
