#!/usr/bin/env python3
"""Exhaustive search behind docs/spec/placement.md §3.6: is there any assignment of n shard indices to the node subsets
of a universe of N nodes such that a node joining moves only shards onto itself (and so, read backwards, a node leaving
moves only its own shards)?

For every subset S with |S| >= n, f(S) is an ordered tuple of n distinct members (shard i on f(S)[i]). Condition: for
every such S and every x in S with |S - {x}| >= n, and every i: f(S)[i] is f(S - {x})[i] or x.

  scripts/shard-moves-search.py N n     prints "exists" with one assignment, or "none" (after trying every assignment)

A rule for any node set restricts to one for the subsets of N nodes, so "none" for N nodes means no rule that depends
only on the node set can keep the condition in clusters that may reach N nodes.
"""
import itertools
import sys


def search(N, n):
    subsets = [frozenset(c) for k in range(n, N + 1) for c in itertools.combinations(range(N), k)]
    f = {}

    def consistent(S, t):
        for x in S:
            T = S - {x}
            if len(T) >= n and T in f:
                g = f[T]
                if any(t[i] != g[i] and t[i] != x for i in range(n)):
                    return False
        return True

    def has_candidate(S):
        return any(consistent(S, t) for t in itertools.permutations(sorted(S), n))

    def dfs(k):
        if k == len(subsets):
            return True
        S = subsets[k]
        for t in itertools.permutations(sorted(S), n):
            if k == 0 and t != tuple(sorted(S))[:n]:
                continue  # symmetry: the indices of the first subset can be named freely
            if not consistent(S, t):
                continue
            f[S] = t
            supersets = [S | {y} for y in range(N) if y not in S]
            if all(has_candidate(U) for U in supersets) and dfs(k + 1):
                return True
            f.pop(S, None)
        return False

    return dfs(0), f


if __name__ == "__main__":
    sys.setrecursionlimit(100_000)  # one level per subset
    N, n = int(sys.argv[1]), int(sys.argv[2])
    ok, f = search(N, n)
    print(f"{n} shards over subsets of {N} nodes:", "exists" if ok else "none")
    if ok:
        for S in sorted(f, key=lambda s: (len(s), sorted(s))):
            print(" ", "".join(chr(65 + m) for m in sorted(S)), "->", "".join(chr(65 + m) for m in f[S]))
