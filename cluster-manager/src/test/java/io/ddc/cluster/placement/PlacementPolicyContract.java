package io.ddc.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PlacementPolicy} must do: deterministic, order-independent, a permutation of
 * its input, and minimal movement when one node joins or leaves.
 */
public abstract class PlacementPolicyContract {
  /** The policy under test. */
  protected abstract PlacementPolicy policy();

  /** A CID with a pseudo-random digest. */
  protected static Cid cid(long i) {
    byte[] content = ByteBuffer.allocate(8).putLong(i).array();
    return Cid.compute(Cid.Codec.RAW, content);
  }

  /** {@code n} nodes of weight 1 named {@code node-0 …}. */
  protected static List<PlacementNode> nodes(int n) {
    List<PlacementNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(PlacementNode.of("node-" + i));
    }
    return out;
  }

  @Test
  void rankIsAPermutationIndependentOfInputOrder() {
    List<PlacementNode> nodes = nodes(7);
    List<PlacementNode> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(3));
    for (int i = 0; i < 200; i++) {
      List<PlacementNode> a = policy().rank(cid(i), nodes);
      assertThat(a).containsExactlyInAnyOrderElementsOf(nodes);
      assertThat(policy().rank(cid(i), shuffled)).isEqualTo(a);
    }
  }

  @Test
  void placeIsAPrefixOfRank() {
    List<PlacementNode> nodes = nodes(5);
    for (int i = 0; i < 50; i++) {
      assertThat(policy().place(cid(i), nodes, 3))
          .isEqualTo(policy().rank(cid(i), nodes).subList(0, 3));
    }
    assertThat(policy().place(cid(1), nodes, 9)).hasSize(5);
    assertThat(policy().place(cid(1), List.of(), 3)).isEmpty();
  }

  @Test
  void shardHoldersAreDistinctNodesIndependentOfInputOrder() {
    List<PlacementNode> nodes = nodes(7);
    List<PlacementNode> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(5));
    for (int i = 0; i < 200; i++) {
      List<PlacementNode> h = policy().shardHolders(cid(i), nodes, 6);
      assertThat(h).hasSize(6).doesNotHaveDuplicates();
      assertThat(nodes).containsAll(h);
      assertThat(policy().shardHolders(cid(i), shuffled, 6)).isEqualTo(h);
      // fewer nodes than shards: every node holds one before any holds two
      List<PlacementNode> two = policy().shardHolders(cid(i), nodes.subList(0, 2), 5);
      assertThat(two).hasSize(5);
      assertThat(two.subList(0, 2)).doesNotHaveDuplicates();
      assertThat(two.subList(2, 4)).doesNotHaveDuplicates();
    }
    assertThat(policy().shardHolders(cid(1), List.of(), 3)).isEmpty();
  }

  /**
   * A node joining or leaving ten moves shards of a piece mostly where it holds or takes one: at
   * most 1.4 times the least possible ({@code n / 11} of {@code n} shards per piece), and less than
   * 0.6 times what putting shard {@code i} on ranking element {@code i} moves (every shard after
   * the newcomer's position shifts there). Read backwards, the same layouts are a node leaving
   * eleven.
   */
  @Test
  void aNodeJoiningOrLeavingMovesFewShards() {
    List<PlacementNode> ten = nodes(10);
    List<PlacementNode> eleven = nodes(11);
    int pieces = 4000;
    for (int n : new int[] {3, 6}) {
      long moved = 0;
      long byRank = 0;
      for (int i = 0; i < pieces; i++) {
        moved +=
            differing(
                policy().shardHolders(cid(i), ten, n), policy().shardHolders(cid(i), eleven, n));
        byRank += differing(policy().place(cid(i), ten, n), policy().place(cid(i), eleven, n));
      }
      double least = (double) n / 11 * pieces;
      assertThat((double) moved).as("shards moved, %d per piece", n).isLessThan(1.4 * least);
      assertThat(moved).as("against shard i on ranking element i").isLessThan(byRank * 6 / 10);
    }
  }

  private static long differing(List<PlacementNode> a, List<PlacementNode> b) {
    long d = 0;
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        d++;
      }
    }
    return d;
  }

  @Test
  void duplicateIdsAreRejected() {
    List<PlacementNode> twice = List.of(PlacementNode.of("a"), PlacementNode.of("a"));
    assertThatThrownBy(() -> policy().rank(cid(1), twice))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removingANodeOnlyMovesPiecesItHeld() {
    List<PlacementNode> all = nodes(6);
    List<PlacementNode> fewer = all.subList(0, 5);
    PlacementNode gone = all.get(5);
    for (int i = 0; i < 1000; i++) {
      List<PlacementNode> before = new ArrayList<>(policy().place(cid(i), all, 3));
      List<PlacementNode> after = policy().place(cid(i), fewer, 3);
      if (!before.remove(gone)) {
        assertThat(after).containsExactlyElementsOf(before);
      } else {
        assertThat(after).containsAll(before);
      }
    }
  }

  @Test
  void joiningMovesAboutOneNthOfReplicas() {
    int n = 5;
    int pieces = 4000;
    int r = 3;
    List<PlacementNode> before = nodes(n);
    List<PlacementNode> after = nodes(n + 1);
    int moved = 0;
    for (int i = 0; i < pieces; i++) {
      List<PlacementNode> a = policy().place(cid(i), before, r);
      List<PlacementNode> b = policy().place(cid(i), after, r);
      for (PlacementNode x : b) {
        if (!a.contains(x)) {
          moved++;
          assertThat(x.id()).isEqualTo("node-" + n); // only the newcomer gains replicas
        }
      }
    }
    // The newcomer's fair share is r/(n+1) of the replicas: 2000 of 12000 here; allow 15 % noise.
    double fair = (double) pieces * r / (n + 1);
    assertThat((double) moved).isBetween(fair * 0.85, fair * 1.15);
  }
}
