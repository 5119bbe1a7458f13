package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReadBuffers}: direct buffers given back on release and reused, a bounded number kept. */
class ReadBuffersTest {

  @Test
  void aReleasedBufferIsReusedNotAllocatedAgain() {
    ReadBuffers pool = new ReadBuffers(1024, 4);
    ByteBuf a = pool.take(1000);
    assertThat(a.isDirect()).isTrue();
    assertThat(a.writerIndex()).isZero();
    assertThat(a.capacity()).isEqualTo(1000);
    a.writeBytes(new byte[1000]);
    assertThat(pool.outstanding()).isEqualTo(1);
    a.release();
    assertThat(pool.outstanding()).isZero();
    for (int i = 0; i < 100; i++) {
      ByteBuf b = pool.take(1 + i % 1024);
      assertThat(b.writerIndex()).isZero();
      assertThat(b.capacity()).isEqualTo(1 + i % 1024);
      b.release();
    }
    assertThat(pool.allocated()).isEqualTo(1);
  }

  @Test
  void aBufferIsGivenBackOnceWhateverItsViewsDo() {
    ReadBuffers pool = new ReadBuffers(64, 4);
    ByteBuf a = pool.take(64).writeZero(64);
    ByteBuf composite = io.netty.buffer.Unpooled.wrappedBuffer(a.retainedSlice(0, 32), a);
    assertThat(pool.outstanding()).isEqualTo(1);
    composite.release();
    assertThat(pool.outstanding()).isZero();
    assertThatThrownBy(a::release).isInstanceOf(io.netty.util.IllegalReferenceCountException.class);
    assertThat(pool.outstanding()).isZero();
  }

  @Test
  void onlyKeepBuffersStayFreeAndTheRestAreFreed() {
    ReadBuffers pool = new ReadBuffers(256, 3);
    List<ByteBuf> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      held.add(pool.take(256));
    }
    assertThat(pool.allocated()).isEqualTo(10);
    held.forEach(ByteBuf::release);
    assertThat(pool.outstanding()).isZero();
    for (int i = 0; i < 3; i++) {
      held.set(i, pool.take(256));
    }
    assertThat(pool.allocated()).as("three came from the free list").isEqualTo(10);
    pool.take(256).release();
    assertThat(pool.allocated()).as("the fourth had been freed").isEqualTo(11);
    assertThat(pool.keep()).isEqualTo(3);
  }

  @Test
  void moreThanABufferHoldsIsRefused() {
    ReadBuffers pool = new ReadBuffers(16, 1);
    assertThatThrownBy(() -> pool.take(17)).isInstanceOf(IllegalArgumentException.class);
  }
}
