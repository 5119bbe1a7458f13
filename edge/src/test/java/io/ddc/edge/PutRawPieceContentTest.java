package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.ddc.protocol.proto.file.PutRawPieceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link NodeApi#contentOf}: a putRawPiece content message's data, sliced or parsed. */
class PutRawPieceContentTest {

  static byte[] contentMessage(byte[] data) {
    return PutRawPieceRequest.newBuilder()
        .setContent(PutRawPieceRequest.Content.newBuilder().setData(ByteString.copyFrom(data)))
        .build()
        .toByteArray();
  }

  /** {@code bytes} cut at random points into a composite, as a message spanning frames is. */
  static Buffer inPieces(byte[] bytes, Random rnd) {
    int pieces = 1 + rnd.nextInt(5);
    ByteBuf[] parts = new ByteBuf[pieces];
    int at = 0;
    for (int i = 0; i < pieces; i++) {
      int end = i == pieces - 1 ? bytes.length : at + rnd.nextInt(bytes.length - at + 1);
      parts[i] = Unpooled.wrappedBuffer(bytes, at, end - at);
      at = end;
    }
    return BufferInternal.buffer(Unpooled.wrappedUnmodifiableBuffer(parts));
  }

  @Property(tries = 300)
  void theDataIsWhatProtobufReadsWhateverTheMessagesShape(
      @ForAll @IntRange(max = 300_000) int size,
      @ForAll @IntRange(max = 2) int shape,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    byte[] data = new byte[size];
    rnd.nextBytes(data);
    PutRawPieceRequest.Content.Builder content =
        PutRawPieceRequest.Content.newBuilder().setData(ByteString.copyFrom(data));
    if (shape == 1) {
      // a field this node does not know, after the data: only protobuf can read it
      content.setUnknownFields(
          UnknownFieldSet.newBuilder()
              .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
              .build());
    }
    byte[] message = PutRawPieceRequest.newBuilder().setContent(content).build().toByteArray();
    if (shape == 2) {
      // the content field twice: protobuf merges, the last data wins
      byte[] first = contentMessage(new byte[] {1, 2, 3});
      byte[] both = new byte[first.length + message.length];
      System.arraycopy(first, 0, both, 0, first.length);
      System.arraycopy(message, 0, both, first.length, message.length);
      message = both;
    }
    byte[] expected;
    try {
      expected = PutRawPieceRequest.parseFrom(message).getContent().getData().toByteArray();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    Buffer got = NodeApi.contentOf(inPieces(message, rnd));
    assertThat(got.getBytes()).isEqualTo(expected);
    if (shape != 2 || size > 0) {
      assertThat(got.getBytes()).isEqualTo(data); // the last data field wins when it is not empty
    }
  }

  @Test
  void aPlainContentMessageIsSlicedNotCopied() {
    byte[] message = contentMessage(new byte[] {10, 20, 30, 40});
    Buffer in = Buffer.buffer(message);
    Buffer data = NodeApi.contentOf(in);
    in.setByte(message.length - 1, (byte) 99); // a change to the message shows through
    assertThat(data.getBytes()).containsExactly(10, 20, 30, 99);
  }

  @Test
  void aMessageWithoutContentOrMalformedIsInvalidArgument() {
    byte[] metadata =
        PutRawPieceRequest.newBuilder()
            .setMetadata(PutRawPieceRequest.Metadata.newBuilder().setBucketId(1))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> NodeApi.contentOf(Buffer.buffer(metadata)))
        .isInstanceOf(EdgeException.class)
        .hasMessageContaining("must carry content");
    byte[] truncated = contentMessage(new byte[100]);
    assertThatThrownBy(
            () -> NodeApi.contentOf(Buffer.buffer(truncated).slice(0, truncated.length - 1)))
        .isInstanceOf(EdgeException.class)
        .hasMessageContaining("malformed");
  }
}
