package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bound behind placement.md §3.6: whether any assignment of {@code n} shard indices to the node
 * sets of {@code N} nodes moves, at every join, only shards onto the joiner (and so, read
 * backwards, at every leave only the leaver's shards). An exhaustive search over all assignments:
 * for every node set S of at least n nodes, f(S) names n distinct members (shard i on f(S)[i]), and
 * for every x in S with |S − x| ≥ n, f(S)[i] is f(S − x)[i] or x. A rule for any node set restricts
 * to one on the sets of N nodes, so "none" for N nodes rules out every rule that depends only on
 * the node set, for clusters that may reach N nodes.
 */
class ShardMovesBoundTest {

  @Test
  void threeOrMoreShardsHaveNoSuchRuleOnceTwoNodesMoreThanShardsMayExist() {
    assertThat(exists(5, 3)).isFalse();
    assertThat(exists(6, 4)).isFalse();
    assertThat(exists(7, 5)).isFalse();
  }

  @Test
  void withOneNodeMoreThanShardsOrWithTwoShardsSuchAssignmentsExist() {
    assertThat(exists(4, 3)).isTrue();
    assertThat(exists(5, 4)).isTrue();
    assertThat(exists(6, 2)).isTrue();
  }

  /**
   * Whether an assignment for {@code n} shards over the node sets of {@code nodes} nodes exists.
   */
  static boolean exists(int nodes, int n) {
    return new Search(nodes, n).run();
  }

  /** Depth-first over the node sets by size, pruning a set whose supersets would have no choice. */
  private static final class Search {
    private final int nodes;
    private final int n;
    private final List<Integer> sets = new ArrayList<>();
    private final Map<Integer, int[]> f = new HashMap<>();

    Search(int nodes, int n) {
      this.nodes = nodes;
      this.n = n;
      for (int size = n; size <= nodes; size++) {
        for (int s = 0; s < 1 << nodes; s++) {
          if (Integer.bitCount(s) == size) {
            sets.add(s);
          }
        }
      }
    }

    boolean run() {
      return dfs(0);
    }

    private boolean dfs(int k) {
      if (k == sets.size()) {
        return true;
      }
      int s = sets.get(k);
      for (int[] t : tuples(s)) {
        if (k == 0 && !ascending(t)) {
          continue; // the first set's indices can be named freely
        }
        if (!consistent(s, t)) {
          continue;
        }
        f.put(s, t);
        if (supersetsHaveChoices(s) && dfs(k + 1)) {
          return true;
        }
        f.remove(s);
      }
      return false;
    }

    private boolean supersetsHaveChoices(int s) {
      for (int y = 0; y < nodes; y++) {
        int u = s | 1 << y;
        if (u != s && tuples(u).stream().noneMatch(t -> consistent(u, t))) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether shards on {@code t} in {@code s} keep the condition against every assigned subset.
     */
    private boolean consistent(int s, int[] t) {
      for (int x = 0; x < nodes; x++) {
        if ((s & 1 << x) == 0 || Integer.bitCount(s) - 1 < n) {
          continue;
        }
        int[] g = f.get(s & ~(1 << x));
        if (g == null) {
          continue;
        }
        for (int i = 0; i < n; i++) {
          if (t[i] != g[i] && t[i] != x) {
            return false;
          }
        }
      }
      return true;
    }

    /** Every ordered choice of n distinct members of {@code s}. */
    private List<int[]> tuples(int s) {
      List<int[]> out = new ArrayList<>();
      extend(s, new int[n], 0, 0, out);
      return out;
    }

    private void extend(int s, int[] t, int i, int used, List<int[]> out) {
      if (i == n) {
        out.add(t.clone());
        return;
      }
      for (int x = 0; x < nodes; x++) {
        if ((s & 1 << x) != 0 && (used & 1 << x) == 0) {
          t[i] = x;
          extend(s, t, i + 1, used | 1 << x, out);
        }
      }
    }

    private static boolean ascending(int[] t) {
      for (int i = 1; i < t.length; i++) {
        if (t[i] < t[i - 1]) {
          return false;
        }
      }
      return true;
    }
  }
}
