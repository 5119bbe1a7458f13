package io.ddc.cluster.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ShardCodecTest {

  @Property(tries = 300)
  void anyKIntactRecordsGiveThePieceBack(
      @ForAll @IntRange(min = 1, max = 8) int k,
      @ForAll @IntRange(min = 0, max = 6) int m,
      @ForAll @Size(max = 2000) byte[] piece,
      @ForAll long seed) {
    ShardCodec codec = ShardCodec.of(k, m);
    byte[][] records = codec.encode(piece);
    assertThat(records).hasNumberOfRows(k + m);
    Random random = new Random(seed);
    for (byte[] r : records) {
      assertThat(codec.indexOf(r)).isNotNegative();
    }
    // Lose m records: drop some, corrupt the others (a random byte anywhere, header included).
    shuffle(records, random);
    for (int i = 0; i < m; i++) {
      if (random.nextBoolean()) {
        records[i] = null;
      } else {
        records[i][random.nextInt(records[i].length)] ^= (byte) (1 + random.nextInt(255));
        assertThat(codec.indexOf(records[i])).isEqualTo(-1);
      }
    }
    shuffle(records, random);
    assertThat(codec.decode(records)).isEqualTo(piece);
  }

  @Property(tries = 200)
  void garbageRecordsNeverDecodeToSomethingElse(
      @ForAll @Size(min = 1, max = 200) byte[] piece, @ForAll @Size(max = 100) byte[] garbage) {
    ShardCodec codec = ShardCodec.of(2, 1);
    byte[][] records = codec.encode(piece);
    records[0] = garbage;
    assertThat(codec.indexOf(garbage)).isEqualTo(-1);
    assertThat(codec.decode(records)).isEqualTo(piece);
    records[1] = garbage;
    assertThatThrownBy(() -> codec.decode(records)).isInstanceOf(ErasureException.class);
  }

  @Test
  void recordsOfAnotherCodeAreIgnored() {
    byte[] piece = new byte[100];
    new Random(1).nextBytes(piece);
    byte[][] other = ShardCodec.of(3, 1).encode(piece);
    assertThatThrownBy(() -> ShardCodec.of(2, 2).decode(other))
        .isInstanceOfSatisfying(ErasureException.class, e -> assertThat(e.available()).isZero());
  }

  @Test
  void headerLayoutFollowsTheSpec() {
    byte[][] records = ShardCodec.of(2, 1).encode(new byte[] {1, 2, 3});
    byte[] r = records[2];
    assertThat(r).hasSize(ShardCodec.HEADER_BYTES + 2);
    assertThat(new String(r, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DDCS");
    assertThat(r[4]).isEqualTo((byte) 1);
    assertThat(r[7]).isEqualTo((byte) 2); // k
    assertThat(r[9]).isEqualTo((byte) 1); // m
    assertThat(r[11]).isEqualTo((byte) 2); // index
    assertThat(r[19]).isEqualTo((byte) 3); // piece length
    assertThat(r[23]).isEqualTo((byte) 2); // shard length
    // data shards carry the piece verbatim (systematic), zero-padded
    assertThat(records[0]).endsWith(1, 2);
    assertThat(records[1]).endsWith(3, 0);
  }

  private static void shuffle(byte[][] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      byte[] t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
