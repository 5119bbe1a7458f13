package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Malformed metadata or SCALE input fails with {@link ChainException} only, never another runtime
 * exception.
 */
class MetadataGarbageTest {
  private static final byte[] PREFIX = {0x6d, 0x65, 0x74, 0x61, 0x0e};

  @Property(tries = 2000)
  void garbageAfterTheMagicThrowsOnlyChainException(@ForAll @Size(max = 300) byte[] tail) {
    byte[] b = new byte[PREFIX.length + tail.length];
    System.arraycopy(PREFIX, 0, b, 0, PREFIX.length);
    System.arraycopy(tail, 0, b, PREFIX.length, tail.length);
    Throwable t = catchThrowable(() -> Metadata.parse(b));
    if (t != null) {
      assertThat(t).isInstanceOf(ChainException.class);
    }
  }

  @Property(tries = 1000)
  void scaleInputThrowsOnlyChainException(@ForAll @Size(max = 40) byte[] b) {
    ScaleInput in = new ScaleInput(b);
    Throwable t =
        catchThrowable(
            () -> {
              while (in.remaining() > 0) {
                in.vecU8();
                in.compactBig();
                in.optString();
              }
            });
    if (t != null) {
      assertThat(t).isInstanceOf(ChainException.class);
    }
  }
}
