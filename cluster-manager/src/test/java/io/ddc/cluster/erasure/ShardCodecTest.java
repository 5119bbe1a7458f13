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
    byte[][] records = codec.encode(piece, id(piece));
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
    byte[][] records = codec.encode(piece, id(piece));
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
    byte[][] other = ShardCodec.of(3, 1).encode(piece, id(piece));
    assertThatThrownBy(() -> ShardCodec.of(2, 2).decode(other))
        .isInstanceOfSatisfying(ErasureException.class, e -> assertThat(e.available()).isZero());
  }

  @Test
  void headerLayoutFollowsTheSpec() {
    byte[] piece = {1, 2, 3};
    byte[][] records = ShardCodec.of(2, 1).encode(piece, id(piece));
    byte[] r = records[2];
    assertThat(r).hasSize(64 + 2);
    assertThat(new String(r, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DDCS");
    assertThat(r[4]).isEqualTo((byte) 2);
    assertThat(r[7]).isEqualTo((byte) 2); // k
    assertThat(r[9]).isEqualTo((byte) 1); // m
    assertThat(r[11]).isEqualTo((byte) 2); // index
    assertThat(r[19]).isEqualTo((byte) 3); // piece length
    assertThat(r[23]).isEqualTo((byte) 2); // shard length
    assertThat(java.util.Arrays.copyOfRange(r, 24, 60)).isEqualTo(id(piece)); // the piece's CID
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(r, 0, 60);
    crc.update(r, 64, 2);
    assertThat(java.nio.ByteBuffer.wrap(r).getInt(60)).isEqualTo((int) crc.getValue());
    ShardCodec.Owner owner = ShardCodec.owner(java.util.Arrays.copyOf(r, 64));
    assertThat(owner.pieceId()).isEqualTo(id(piece));
    assertThat(owner.index()).isEqualTo(2);
    assertThat(owner.totalShards()).isEqualTo(3);
    // data shards carry the piece verbatim (systematic), zero-padded
    assertThat(records[0]).endsWith(1, 2);
    assertThat(records[1]).endsWith(3, 0);
  }

  /**
   * Version-1 records (no piece CID; written before version 2) still decode, alone or mixed with
   * version-2 records of the same piece, and name no owner.
   */
  @Test
  void version1RecordsStillDecode() {
    byte[] piece = new byte[1001];
    new Random(4).nextBytes(piece);
    ShardCodec codec = ShardCodec.of(2, 1);
    byte[][] v1 = codec.encodeVersion1(piece);
    assertThat(v1[0]).hasSize(28 + 501);
    assertThat(v1[0][4]).isEqualTo((byte) 1);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(v1[1], 0, 24);
    crc.update(v1[1], 28, 501);
    assertThat(java.nio.ByteBuffer.wrap(v1[1]).getInt(24)).isEqualTo((int) crc.getValue());
    assertThat(ShardCodec.owner(v1[0])).isNull();
    assertThat(codec.decode(new byte[][] {v1[0], null, v1[2]}, id(piece))).isEqualTo(piece);
    byte[][] v2 = codec.encode(piece, id(piece));
    assertThat(codec.decode(new byte[][] {null, v1[1], v2[2]}, id(piece))).isEqualTo(piece);
  }

  /**
   * Records of two pieces that agree over a shard's range differ once they name their piece, and a
   * decoder told which piece it rebuilds ignores the other piece's records.
   */
  @Test
  void recordsNameTheirPiece() {
    byte[] a = new byte[200];
    byte[] b = new byte[200];
    new Random(9).nextBytes(a);
    System.arraycopy(a, 0, b, 0, 100);
    b[150] ^= 1; // same first half (data shard 0), different second half
    ShardCodec codec = ShardCodec.of(2, 1);
    assertThat(codec.encodeVersion1(a)[0]).isEqualTo(codec.encodeVersion1(b)[0]);
    byte[][] ra = codec.encode(a, id(a));
    byte[][] rb = codec.encode(b, id(b));
    assertThat(ra[0]).isNotEqualTo(rb[0]);
    assertThat(ShardCodec.owner(ra[0]).pieceId()).isEqualTo(id(a));
    assertThatThrownBy(() -> codec.decode(new byte[][] {rb[0], ra[1], null}, id(a)))
        .isInstanceOf(ErasureException.class);
    assertThat(codec.decode(new byte[][] {ra[0], ra[1], rb[2]}, id(a))).isEqualTo(a);
    assertThatThrownBy(() -> codec.encode(a, new byte[35]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A 36-byte id standing for the piece's CID (the codec treats it as opaque bytes). */
  private static byte[] id(byte[] piece) {
    byte[] id = new byte[ShardCodec.PIECE_ID_BYTES];
    id[0] = 1;
    id[1] = 0x55;
    byte[] h =
        java.util.Arrays.copyOf(Integer.toString(java.util.Arrays.hashCode(piece)).getBytes(), 34);
    System.arraycopy(h, 0, id, 2, 34);
    return id;
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
