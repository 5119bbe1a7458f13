package io.ddc.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link MessageDeframer}: a gRPC body cut into messages wherever its pieces end. */
class MessageDeframerTest {

  /** The messages' bytes, each behind its 5-byte prefix. */
  private static byte[] body(List<byte[]> messages) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write(0);
      out.write(m.length >>> 24);
      out.write(m.length >>> 16);
      out.write(m.length >>> 8);
      out.write(m.length);
      out.writeBytes(m);
    }
    return out.toByteArray();
  }

  @Property(tries = 300)
  void messagesComeOutWholeAndInOrderWhereverThePiecesEnd(
      @ForAll @IntRange(max = 12) int count,
      @ForAll @IntRange(min = 1, max = 70_000) int maxPiece,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // empty, tiny and multi-piece messages alike
      byte[] m = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(200_000)];
      rnd.nextBytes(m);
      sent.add(m);
    }
    byte[] body = body(sent);
    List<byte[]> received = new ArrayList<>();
    MessageDeframer d = new MessageDeframer(1 << 20, m -> received.add(m.getBytes()));
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, 1 + rnd.nextInt(maxPiece));
      d.feed(Buffer.buffer().appendBytes(body, at, n));
      at += n;
    }
    d.end();
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(received.get(i)).as("message %d", i).isEqualTo(sent.get(i));
    }
  }

  @Test
  void aMessageSharesTheReceivedBytesInsteadOfCopyingThem() {
    byte[] m = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] body = body(List.of(m));
    Buffer first = Buffer.buffer().appendBytes(body, 0, 9);
    Buffer second = Buffer.buffer().appendBytes(body, 9, body.length - 9);
    List<Buffer> out = new ArrayList<>();
    MessageDeframer d = new MessageDeframer(100, out::add);
    d.feed(first);
    d.feed(second);
    assertThat(out).hasSize(1);
    // a change to the received pieces shows through: the message is made of them
    first.setByte(5, (byte) 'a');
    second.setByte(0, (byte) 'b');
    assertThat(out.get(0).toString()).isEqualTo("a123b56789");
    assertThat(out.get(0).slice(3, 6).toString()).isEqualTo("3b5");
  }

  @Test
  void aCompressedMessageIsRefused() {
    MessageDeframer d = new MessageDeframer(100, m -> {});
    assertThatThrownBy(() -> d.feed(Buffer.buffer(new byte[] {1, 0, 0, 0, 1, 7})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("compressed");
    assertThatThrownBy(() -> d.feed(Buffer.buffer(new byte[] {0, 0, 0, 0, 0})))
        .hasMessageContaining("already refused");
  }

  @Test
  void aMessageOverTheLimitIsRefusedFromItsPrefix() {
    List<Buffer> out = new ArrayList<>();
    MessageDeframer d = new MessageDeframer(1000, out::add);
    assertThatThrownBy(() -> d.feed(Buffer.buffer(new byte[] {0, 0, 0, 0x03, (byte) 0xE9})))
        .hasMessageContaining("1001 bytes exceeds the limit of 1000");
    assertThat(out).isEmpty();
  }

  @Test
  void aBodyEndingInsideAMessageOrItsPrefixIsTruncated() {
    MessageDeframer inMessage = new MessageDeframer(100, m -> {});
    inMessage.feed(Buffer.buffer(new byte[] {0, 0, 0, 0, 4, 1, 2}));
    assertThatThrownBy(inMessage::end).hasMessageContaining("2 of 4 bytes");

    MessageDeframer inPrefix = new MessageDeframer(100, m -> {});
    inPrefix.feed(Buffer.buffer(new byte[] {0, 0, 0, 0, 1, 9, 0, 0}));
    assertThatThrownBy(inPrefix::end).hasMessageContaining("message prefix");

    MessageDeframer whole = new MessageDeframer(100, m -> {});
    whole.feed(Buffer.buffer(new byte[] {0, 0, 0, 0, 1, 9}));
    whole.end();
  }
}
