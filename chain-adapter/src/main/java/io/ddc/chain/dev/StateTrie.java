package io.ddc.chain.dev;

import java.util.Arrays;

/**
 * The dev chain's commitment to a key/value set: a compressed binary Merkle trie over {@code
 * blake2_256(key)} paths (docs/spec/dev-chain.md §3). The root depends only on the set of pairs,
 * never on the order of updates.
 *
 * <ul>
 *   <li>empty subtree: 32 zero bytes;
 *   <li>a subtree holding exactly one pair: {@code blake2_256(0x00 ‖ blake2_256(key) ‖
 *       blake2_256(value))};
 *   <li>a subtree at depth {@code d} holding two or more pairs: {@code blake2_256(0x01 ‖ left ‖
 *       right)}, split on bit {@code d} (most significant bit of byte 0 first) of the key paths.
 * </ul>
 */
final class StateTrie {
  /* Concurrency: not thread-safe; the chain thread owns it. Updates clear the cached hashes on the path they touch,
   * so root() rehashes only what changed since the last call. */
  static final byte[] EMPTY = new byte[32];
  private static final byte[] LEAF_TAG = {0};
  private static final byte[] BRANCH_TAG = {1};

  private Node root;
  private int size;

  /** Number of pairs. */
  int size() {
    return size;
  }

  /** Sets {@code key} to {@code value}. */
  void put(byte[] key, byte[] value) {
    Leaf leaf = new Leaf(Hash256.blake2(key), Hash256.blake2(value));
    root = insert(root, 0, leaf);
  }

  /** Removes {@code key} if present. */
  void delete(byte[] key) {
    root = remove(root, 0, Hash256.blake2(key));
  }

  /** The root hash (32 bytes). */
  byte[] root() {
    return root == null ? EMPTY.clone() : root.hash().clone();
  }

  private Node insert(Node node, int depth, Leaf leaf) {
    if (node == null) {
      size++;
      return leaf;
    }
    if (node instanceof Leaf l) {
      if (Arrays.equals(l.path, leaf.path)) {
        return leaf;
      }
      size++;
      return split(l, leaf, depth);
    }
    Branch b = (Branch) node;
    b.hash = null;
    if (bit(leaf.path, depth) == 0) {
      b.left = insert(b.left, depth + 1, leaf);
    } else {
      b.right = insert(b.right, depth + 1, leaf);
    }
    return b;
  }

  private static Node split(Leaf a, Leaf c, int depth) {
    Branch b = new Branch();
    int ba = bit(a.path, depth);
    int bc = bit(c.path, depth);
    if (ba == bc) {
      Node child = split(a, c, depth + 1);
      if (ba == 0) {
        b.left = child;
      } else {
        b.right = child;
      }
    } else if (ba == 0) {
      b.left = a;
      b.right = c;
    } else {
      b.left = c;
      b.right = a;
    }
    return b;
  }

  private Node remove(Node node, int depth, byte[] path) {
    if (node == null) {
      return null;
    }
    if (node instanceof Leaf l) {
      if (Arrays.equals(l.path, path)) {
        size--;
        return null;
      }
      return l;
    }
    Branch b = (Branch) node;
    if (bit(path, depth) == 0) {
      b.left = remove(b.left, depth + 1, path);
    } else {
      b.right = remove(b.right, depth + 1, path);
    }
    b.hash = null;
    // Canonical form: a subtree with a single pair is that pair's leaf, at any depth.
    if (b.left == null && b.right == null) {
      return null;
    }
    if (b.left == null && b.right instanceof Leaf) {
      return b.right;
    }
    if (b.right == null && b.left instanceof Leaf) {
      return b.left;
    }
    return b;
  }

  private static int bit(byte[] path, int depth) {
    return (path[depth >>> 3] >>> (7 - (depth & 7))) & 1;
  }

  private sealed interface Node permits Leaf, Branch {
    byte[] hash();
  }

  private static final class Leaf implements Node {
    final byte[] path;
    final byte[] hash;

    Leaf(byte[] path, byte[] valueHash) {
      this.path = path;
      this.hash = Hash256.blake2(LEAF_TAG, path, valueHash);
    }

    @Override
    public byte[] hash() {
      return hash;
    }
  }

  private static final class Branch implements Node {
    Node left;
    Node right;
    byte[] hash;

    @Override
    public byte[] hash() {
      if (hash == null) {
        hash =
            Hash256.blake2(
                BRANCH_TAG,
                left == null ? EMPTY : left.hash(),
                right == null ? EMPTY : right.hash());
      }
      return hash;
    }
  }

  /**
   * Root of the ordered list {@code items}: the trie over pairs {@code (SCALE Compact(index),
   * item)}.
   */
  static byte[] orderedRoot(java.util.List<byte[]> items) {
    StateTrie t = new StateTrie();
    for (int i = 0; i < items.size(); i++) {
      t.put(Scale.compact(i), items.get(i));
    }
    return t.root();
  }
}
