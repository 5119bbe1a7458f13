package io.ddc.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StagingBuffersTest {

  @Test
  void aReleasedBufferIsHandedOutAgainCleared() {
    StagingBuffers pool = new StagingBuffers(1 << 20);
    ByteBuffer b = pool.acquire(64 * 1024);
    assertThat(b.isDirect()).isTrue();
    assertThat(b.capacity()).isEqualTo(64 * 1024);
    b.putLong(7).flip();
    pool.release(b);
    assertThat(pool.pooledBytes()).isEqualTo(64 * 1024);
    ByteBuffer again = pool.acquire(64 * 1024);
    assertThat(again).isSameAs(b);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(64 * 1024);
    assertThat(pool.pooledBytes()).isZero();
    assertThat(pool.acquire(128 * 1024)).isNotSameAs(b);
  }

  @Test
  void thePoolKeepsNoMoreThanItsBound() {
    StagingBuffers pool = new StagingBuffers(256 * 1024);
    ByteBuffer a = pool.acquire(128 * 1024);
    ByteBuffer b = pool.acquire(128 * 1024);
    ByteBuffer c = pool.acquire(128 * 1024);
    pool.release(a);
    pool.release(b);
    pool.release(c);
    assertThat(pool.pooledBytes()).isEqualTo(256 * 1024);
    // ByteBuffer.equals compares contents: check identities.
    java.util.Set<ByteBuffer> handedOut =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < 3; i++) {
      handedOut.add(pool.acquire(128 * 1024));
    }
    assertThat(handedOut).hasSize(3);
    assertThat(handedOut.stream().filter(x -> x == a || x == b)).hasSize(2);
    assertThat(handedOut.stream().filter(x -> x == c)).isEmpty();
  }
}
