package io.ddc.client.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ddc.protocol.proto.file.GetFileResponse;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link NodeClient#dataOf}: getFile's data cut out of a response without protobuf. */
class GetFileDataTest {

  @Property(tries = 200)
  void dataComesOutAsProtobufWouldDecodeIt(
      @ForAll @IntRange(max = 300_000) int length, @ForAll long seed) throws Exception {
    byte[] data = new byte[length];
    new java.util.Random(seed).nextBytes(data);
    Buffer message =
        Buffer.buffer(
            GetFileResponse.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray());
    assertThat(NodeClient.dataOf(message).getBytes()).isEqualTo(data);
  }

  @Test
  void theDataIsASliceOfTheMessageNotACopy() throws Exception {
    Buffer message =
        Buffer.buffer(
            GetFileResponse.newBuilder()
                .setData(ByteString.copyFromUtf8("abcdef"))
                .build()
                .toByteArray());
    Buffer data = NodeClient.dataOf(message);
    message.setByte(2, (byte) 'X');
    assertThat(data.toString()).isEqualTo("Xbcdef");
  }

  @Test
  void aProofHasNoData() throws Exception {
    Buffer proof =
        Buffer.buffer(
            GetFileResponse.newBuilder()
                .setProof(GetFileResponse.getDefaultInstance().getProof())
                .build()
                .toByteArray());
    assertThat(NodeClient.dataOf(proof)).isNull();
  }

  @Test
  void messagesThatAreNotExactlyTheDataFieldGoThroughProtobuf() throws Exception {
    byte[] data =
        GetFileResponse.newBuilder()
            .setData(ByteString.copyFromUtf8("first"))
            .build()
            .toByteArray();
    byte[] again =
        GetFileResponse.newBuilder()
            .setData(ByteString.copyFromUtf8("second"))
            .build()
            .toByteArray();
    // two data fields in one message: protobuf keeps the last one
    Buffer twice = Buffer.buffer(data).appendBytes(again);
    assertThat(NodeClient.dataOf(twice).toString()).isEqualTo("second");
  }

  @Test
  void aTruncatedMessageIsRefused() {
    byte[] whole =
        GetFileResponse.newBuilder()
            .setData(ByteString.copyFrom(new byte[1000]))
            .build()
            .toByteArray();
    Buffer cut = Buffer.buffer(whole).slice(0, 500);
    assertThatThrownBy(() -> NodeClient.dataOf(cut))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
