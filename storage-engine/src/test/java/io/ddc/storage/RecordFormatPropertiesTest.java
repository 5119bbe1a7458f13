package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The record and segment header codecs of docs/spec/storage-format.md §2–§3. */
class RecordFormatPropertiesTest {

  @Provide
  Arbitrary<RecordFormat.Header> headers() {
    return Combinators.combine(
            Arbitraries.integers().between(RecordFormat.PIECE, RecordFormat.RECORD_TOMBSTONE),
            Arbitraries.longs(),
            Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
            Arbitraries.longs(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as(RecordFormat.Header::new);
  }

  @Property
  void headersRoundTrip(@ForAll("headers") RecordFormat.Header h) {
    RecordFormat.Header back = RecordFormat.decodeHeader(RecordFormat.encodeHeader(h));
    assertThat(back).isNotNull();
    assertThat(back.type()).isEqualTo(h.type());
    assertThat(back.bucket()).isEqualTo(h.bucket());
    assertThat(back.payloadLength()).isEqualTo(h.payloadLength());
    assertThat(back.storedAt()).isEqualTo(h.storedAt());
    assertThat(back.key()).isEqualTo(h.key());
    assertThat(back.size()).isEqualTo(RecordFormat.recordSize(h.key().length, h.payloadLength()));
  }

  @Property
  void anyFlippedHeaderBitIsRejected(
      @ForAll("headers") RecordFormat.Header h, @ForAll @IntRange(min = 0, max = 100_000) int bit) {
    ByteBuffer b = RecordFormat.encodeHeader(h);
    byte[] raw = new byte[b.remaining()];
    b.get(raw);
    int i = bit % (raw.length * 8);
    raw[i / 8] ^= (byte) (1 << (i % 8));
    assertThat(RecordFormat.decodeHeader(ByteBuffer.wrap(raw))).isNull();
  }

  @Property
  void garbageIsNeverAHeader(@ForAll @Size(max = 400) byte[] garbage) {
    // a random buffer is (overwhelmingly) not a header; it must never throw
    RecordFormat.Header h = RecordFormat.decodeHeader(ByteBuffer.wrap(garbage));
    if (h != null) {
      assertThat(RecordFormat.encodeHeader(h).remaining()).isLessThanOrEqualTo(garbage.length);
    }
    RecordFormat.checkSegmentHeader(ByteBuffer.wrap(garbage));
  }

  @Property
  void segmentHeadersRoundTrip(@ForAll long id, @ForAll long created) {
    assertThat(RecordFormat.checkSegmentHeader(RecordFormat.segmentHeader(id, created)))
        .isEqualTo(id);
  }

  @Property
  void blockTableHasOneCrcPerBlock(
      @ForAll @IntRange(min = 0, max = 300_000) int length, @ForAll long seed) {
    byte[] payload = PieceStoreContract.random(seed, length);
    RecordFormat.BlockChecksums c = new RecordFormat.BlockChecksums();
    // feed in uneven chunks: the table must not depend on chunking
    int pos = 0;
    java.util.Random r = new java.util.Random(seed);
    while (pos < length) {
      int n = Math.min(length - pos, 1 + r.nextInt(100_000));
      c.update(ByteBuffer.wrap(payload, pos, n));
      pos += n;
    }
    ByteBuffer table = c.finish().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int blocks = RecordFormat.blocks(length);
    assertThat(table.remaining()).isEqualTo(4 * blocks + 4);
    for (int i = 0; i < blocks; i++) {
      int from = i * RecordFormat.BLOCK_SIZE;
      int to = Math.min(length, from + RecordFormat.BLOCK_SIZE);
      assertThat(table.getInt(4 * i))
          .isEqualTo(RecordFormat.crc(ByteBuffer.wrap(payload, from, to - from)));
    }
    assertThat(table.getInt(4 * blocks))
        .isEqualTo(RecordFormat.crc(table.duplicate().limit(4 * blocks)));
  }
}
