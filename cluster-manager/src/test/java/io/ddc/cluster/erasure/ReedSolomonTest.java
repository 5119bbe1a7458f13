package io.ddc.cluster.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {

  @Property(tries = 300)
  void anyKOfKPlusMShardsReconstructAll(
      @ForAll @IntRange(min = 1, max = 12) int k,
      @ForAll @IntRange(min = 0, max = 8) int m,
      @ForAll @IntRange(min = 0, max = 300) int length,
      @ForAll long seed) {
    ReedSolomon rs = ReedSolomon.create(k, m);
    Random random = new Random(seed);
    byte[][] shards = new byte[k + m][length];
    for (int j = 0; j < k; j++) {
      random.nextBytes(shards[j]);
    }
    rs.encodeParity(shards, 0, length);
    assertThat(rs.isParityConsistent(shards, 0, length)).isTrue();
    byte[][] expected = deepCopy(shards);

    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < k + m; i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, random);
    boolean[] present = new boolean[k + m];
    for (int i = 0; i < k; i++) {
      present[indices.get(i)] = true;
    }
    for (int i = 0; i < k + m; i++) {
      if (!present[i]) {
        random.nextBytes(shards[i]); // garbage where a shard is missing
      }
    }
    rs.reconstruct(shards, present, 0, length);
    assertThat(shards).isDeepEqualTo(expected);
  }

  @Property(tries = 100)
  void everyErasurePatternOfTwoOfFiveIsRecovered(@ForAll long seed) {
    ReedSolomon rs = ReedSolomon.create(3, 2);
    Random random = new Random(seed);
    byte[][] shards = new byte[5][64];
    for (int j = 0; j < 3; j++) {
      random.nextBytes(shards[j]);
    }
    rs.encodeParity(shards, 0, 64);
    for (int a = 0; a < 5; a++) {
      for (int b = a + 1; b < 5; b++) {
        byte[][] copy = deepCopy(shards);
        boolean[] present = {true, true, true, true, true};
        present[a] = false;
        present[b] = false;
        copy[a] = new byte[64];
        copy[b] = new byte[64];
        rs.reconstruct(copy, present, 0, 64);
        assertThat(copy).isDeepEqualTo(shards);
      }
    }
  }

  @Test
  void flippedParityByteIsDetected() {
    ReedSolomon rs = ReedSolomon.create(4, 2);
    byte[][] shards = new byte[6][16];
    for (int j = 0; j < 4; j++) {
      new Random(j).nextBytes(shards[j]);
    }
    rs.encodeParity(shards, 0, 16);
    shards[5][7] ^= 1;
    assertThat(rs.isParityConsistent(shards, 0, 16)).isFalse();
  }

  @Test
  void paritiesAreNotCopiesOfData() {
    ReedSolomon rs = ReedSolomon.create(2, 1);
    byte[][] shards = {{1, 2}, {3, 4}, new byte[2]};
    rs.encodeParity(shards, 0, 2);
    // Cauchy row for k=2, m=1: 1/(2^0) = inv(2), 1/(2^1) = inv(3).
    int c0 = Gf256.inverse(2);
    int c1 = Gf256.inverse(3);
    assertThat(shards[2][0] & 0xff).isEqualTo(Gf256.mul(c0, 1) ^ Gf256.mul(c1, 3));
    assertThat(shards[2][1] & 0xff).isEqualTo(Gf256.mul(c0, 2) ^ Gf256.mul(c1, 4));
  }

  @Test
  void tooFewShardsIsAnErasureException() {
    ReedSolomon rs = ReedSolomon.create(3, 2);
    byte[][] shards = new byte[5][4];
    boolean[] present = {true, false, true, false, false};
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 4))
        .isInstanceOfSatisfying(
            ErasureException.class,
            e -> {
              assertThat(e.available()).isEqualTo(2);
              assertThat(e.required()).isEqualTo(3);
            });
  }

  @Test
  void badShapesAreRejected() {
    assertThatThrownBy(() -> ReedSolomon.create(0, 1)).hasMessageContaining("dataShards");
    assertThatThrownBy(() -> ReedSolomon.create(200, 57)).hasMessageContaining("257 given");
    ReedSolomon rs = ReedSolomon.create(2, 1);
    assertThatThrownBy(() -> rs.encodeParity(new byte[2][4], 0, 4))
        .hasMessageContaining("3 shard arrays");
  }

  @Property(tries = 200)
  void fieldInverseAndDistributivity(
      @ForAll @IntRange(min = 1, max = 255) int a,
      @ForAll @IntRange(min = 0, max = 255) int b,
      @ForAll @IntRange(min = 0, max = 255) int c) {
    assertThat(Gf256.mul(a, Gf256.inverse(a))).isEqualTo(1);
    assertThat(Gf256.mul(a, b ^ c)).isEqualTo(Gf256.mul(a, b) ^ Gf256.mul(a, c));
    assertThat(Gf256.mul(b, c)).isEqualTo(Gf256.mul(c, b));
  }

  private static byte[][] deepCopy(byte[][] in) {
    byte[][] out = new byte[in.length][];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[i].clone();
    }
    return out;
  }
}
