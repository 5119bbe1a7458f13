package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StateTrieTest {

  @Test
  void emptyRootIsZero() {
    assertThat(new StateTrie().root()).isEqualTo(new byte[32]);
  }

  @Test
  void singlePairRootIsItsLeafHash() {
    StateTrie t = new StateTrie();
    byte[] k = {1, 2, 3};
    byte[] v = {9};
    t.put(k, v);
    assertThat(t.root())
        .isEqualTo(Hash256.blake2(new byte[] {0}, Hash256.blake2(k), Hash256.blake2(v)));
  }

  @Test
  void twoPairsHashAsABranchOnTheFirstDifferingBit() {
    byte[] a = {1};
    byte[] b = {2};
    byte[] pa = Hash256.blake2(a);
    byte[] pb = Hash256.blake2(b);
    StateTrie t = new StateTrie();
    t.put(a, a);
    t.put(b, b);
    // Reference: recompute the canonical definition directly.
    assertThat(t.root())
        .isEqualTo(
            reference(
                List.of(new byte[][] {pa, Hash256.blake2(a)}, new byte[][] {pb, Hash256.blake2(b)}),
                0));
  }

  @Test
  void valueChangeChangesRootAndRestoringItRestoresTheRoot() {
    StateTrie t = new StateTrie();
    for (int i = 0; i < 100; i++) {
      t.put(new byte[] {(byte) i}, new byte[] {(byte) (i * 7)});
    }
    byte[] r0 = t.root();
    t.put(new byte[] {5}, new byte[] {1, 2});
    assertThat(t.root()).isNotEqualTo(r0);
    t.put(new byte[] {5}, new byte[] {35});
    assertThat(t.root()).isEqualTo(r0);
    t.put(new byte[] {(byte) 200}, new byte[] {1});
    t.delete(new byte[] {(byte) 200});
    assertThat(t.root()).isEqualTo(r0);
    assertThat(t.size()).isEqualTo(100);
  }

  @Property(tries = 50)
  void rootDependsOnlyOnTheFinalSet(
      @ForAll @Size(max = 60) List<@Size(min = 1, max = 4) List<Byte>> keys, @ForAll long seed) {
    Map<String, byte[][]> finalSet = new HashMap<>();
    StateTrie incremental = new StateTrie();
    Random rnd = new Random(seed);
    for (List<Byte> kl : keys) {
      byte[] k = toBytes(kl);
      if (rnd.nextInt(4) == 0) {
        incremental.delete(k);
        finalSet.remove(java.util.HexFormat.of().formatHex(k));
      } else {
        byte[] v = {(byte) rnd.nextInt()};
        incremental.put(k, v);
        finalSet.put(java.util.HexFormat.of().formatHex(k), new byte[][] {k, v});
      }
    }
    List<byte[][]> pairs = new ArrayList<>(finalSet.values());
    Collections.shuffle(pairs, rnd);
    StateTrie fresh = new StateTrie();
    List<byte[][]> leaves = new ArrayList<>();
    for (byte[][] p : pairs) {
      fresh.put(p[0], p[1]);
      leaves.add(new byte[][] {Hash256.blake2(p[0]), Hash256.blake2(p[1])});
    }
    assertThat(incremental.root()).isEqualTo(fresh.root());
    assertThat(incremental.size()).isEqualTo(finalSet.size());
    assertThat(fresh.root()).isEqualTo(reference(leaves, 0));
  }

  @Test
  void orderedRootDependsOnOrder() {
    byte[] a = {1};
    byte[] b = {2};
    assertThat(StateTrie.orderedRoot(List.of(a, b)))
        .isNotEqualTo(StateTrie.orderedRoot(List.of(b, a)));
    assertThat(StateTrie.orderedRoot(List.of())).isEqualTo(new byte[32]);
  }

  /**
   * The canonical definition of docs/spec/dev-chain.md §3, computed recursively from (path,
   * valueHash) leaves.
   */
  private static byte[] reference(List<byte[][]> leaves, int depth) {
    if (leaves.isEmpty()) {
      return new byte[32];
    }
    if (leaves.size() == 1) {
      return Hash256.blake2(new byte[] {0}, leaves.get(0)[0], leaves.get(0)[1]);
    }
    List<byte[][]> left = new ArrayList<>();
    List<byte[][]> right = new ArrayList<>();
    for (byte[][] l : leaves) {
      int bit = (l[0][depth >>> 3] >>> (7 - (depth & 7))) & 1;
      (bit == 0 ? left : right).add(l);
    }
    return Hash256.blake2(new byte[] {1}, reference(left, depth + 1), reference(right, depth + 1));
  }

  private static byte[] toBytes(List<Byte> l) {
    byte[] b = new byte[l.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = l.get(i);
    }
    return b;
  }
}
