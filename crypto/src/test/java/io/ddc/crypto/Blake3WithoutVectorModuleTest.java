package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Blake3} in a JVM started without {@code --add-modules=jdk.incubator.vector}, as {@code
 * java -jar ddc.jar} runs without that flag: it runs in a surefire execution of its own (this
 * module's POM), where the module is absent. The class must load, hash with the scalar code in
 * every entry point and never link the SIMD kernel.
 */
class Blake3WithoutVectorModuleTest {
  @Test
  void hashesWithTheScalarCodeWithoutTheVectorModule() throws Exception {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector"))
        .as("this test runs in a JVM without the vector module")
        .isEmpty();

    assertThat(Blake3.prepareSimd().get(30, TimeUnit.SECONDS)).isEqualTo("scalar");
    assertThat(Blake3.implementation()).isEqualTo("scalar");

    byte[] data = new byte[3 * 1024 * 1024 + 77];
    new SplittableRandom(5).nextBytes(data);
    byte[] expected = Blake3Test.reference(data);
    assertThat(Blake3.hash(data)).isEqualTo(expected);

    Blake3 streamed = new Blake3();
    for (int off = 0; off < data.length; off += 16 * 1024) {
      streamed.update(data, off, Math.min(16 * 1024, data.length - off));
    }
    assertThat(streamed.digest()).isEqualTo(expected);

    Blake3 direct = new Blake3();
    ByteBuffer bb = ByteBuffer.allocateDirect(data.length).put(data).flip();
    direct.update(bb);
    assertThat(direct.digest()).isEqualTo(expected);

    Blake3 parallel = new Blake3();
    parallel.update(data, 0, data.length, java.util.concurrent.ForkJoinPool.commonPool());
    assertThat(parallel.digest()).isEqualTo(expected);
  }
}
