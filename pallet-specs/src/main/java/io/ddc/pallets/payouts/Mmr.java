package io.ddc.pallets.payouts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/**
 * The Merkle mountain range of the payouts (the {@code ckb-merkle-mountain-range} 0.8 algorithm
 * with the runtime's {@code MergeMMRHash}: parent = BLAKE2s-256(left ‖ right)). Nodes are numbered
 * in insertion order ("positions"); a tree of n leaves has {@link #mmrSize(long)} nodes; the root
 * bags the peaks right to left as {@code merge(right, left)}. Proofs are for one leaf, in the order
 * the Rust {@code gen_proof} writes them: peaks left of the leaf's peak, the leaf's path bottom-up,
 * then the peaks to its right (bagged into one hash when there are several).
 */
public final class Mmr {
  private final List<byte[]> nodes = new ArrayList<>();
  private long leaves;

  /** An MMR over {@code leafHashes} (32 bytes each), in order. */
  public Mmr(List<byte[]> leafHashes) {
    for (byte[] leaf : leafHashes) {
      push(leaf);
    }
  }

  private void push(byte[] leaf) {
    if (leaf.length != 32) {
      throw new IllegalArgumentException("MMR leaves are 32-byte hashes");
    }
    long pos = nodes.size();
    nodes.add(leaf.clone());
    int height = 0;
    while (posHeight(pos + 1) > height) {
      byte[] left = nodes.get((int) (pos - siblingOffset(height)));
      nodes.add(merge(left, nodes.get((int) pos)));
      pos++;
      height++;
    }
    leaves++;
  }

  /** The number of leaves. */
  public long leafCount() {
    return leaves;
  }

  /**
   * The root: the single leaf for one leaf, the bagged peaks otherwise.
   *
   * @throws IllegalStateException for an empty MMR (it has no root)
   */
  public byte[] root() {
    if (leaves == 0) {
      throw new IllegalStateException("an empty MMR has no root");
    }
    List<byte[]> peaks = new ArrayList<>();
    for (long p : peaks(nodes.size())) {
      peaks.add(nodes.get((int) p));
    }
    return bag(peaks);
  }

  /**
   * The proof that leaf {@code leafIndex} is in this MMR.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= leafIndex < leafCount()}
   */
  public List<byte[]> proof(long leafIndex) {
    if (leafIndex < 0 || leafIndex >= leaves) {
      throw new IndexOutOfBoundsException("leaf " + leafIndex + " of " + leaves);
    }
    long pos = leafIndexToPos(leafIndex);
    List<byte[]> proof = new ArrayList<>();
    List<byte[]> rhs = new ArrayList<>();
    boolean passed = false;
    for (long peak : peaks(nodes.size())) {
      if (passed) {
        rhs.add(nodes.get((int) peak));
      } else if (pos <= peak) {
        passed = true;
        long p = pos;
        int height = 0;
        while (p != peak) {
          if (posHeight(p + 1) > height) {
            proof.add(nodes.get((int) (p - siblingOffset(height))));
            p = p + 1;
          } else {
            proof.add(nodes.get((int) (p + siblingOffset(height))));
            p = p + parentOffset(height);
          }
          height++;
        }
      } else {
        proof.add(nodes.get((int) peak));
      }
    }
    if (rhs.size() > 1) {
      proof.add(bag(rhs));
    } else {
      proof.addAll(rhs);
    }
    return proof;
  }

  /** The outcome of checking a proof, as the Rust verifier distinguishes them. */
  public enum Verdict {
    /** The proof computes the root. */
    VALID,
    /** The proof is well formed but computes another root ({@code verify} answers false). */
    MISMATCH,
    /** The proof cannot be used at all (the Rust verifier's {@code Err}: corrupted proof). */
    CORRUPTED
  }

  /**
   * Whether {@code proof} shows {@code leaf} at {@code leafIndex} of an MMR of {@code mmrSize}
   * nodes with root {@code root} (the Rust {@code MerkleProof::verify} for one leaf).
   */
  public static boolean verify(
      byte[] root, long mmrSize, long leafIndex, byte[] leaf, List<byte[]> proof) {
    return check(root, mmrSize, leafIndex, leaf, proof) == Verdict.VALID;
  }

  /**
   * {@link #verify} telling a wrong root ({@link Verdict#MISMATCH}) from a proof the Rust verifier
   * rejects with an error ({@link Verdict#CORRUPTED}: too few or too many hashes, a leaf outside
   * the MMR). As in Rust, a one-node MMR compares the leaf with the root and ignores the proof.
   * Never throws.
   */
  public static Verdict check(
      byte[] root, long mmrSize, long leafIndex, byte[] leaf, List<byte[]> proof) {
    if (mmrSize <= 0 || leafIndex < 0 || leaf.length != 32) {
      return Verdict.CORRUPTED;
    }
    long pos = leafIndexToPos(leafIndex);
    if (pos >= mmrSize || posHeight(pos) != 0) {
      return Verdict.CORRUPTED;
    }
    if (mmrSize == 1) {
      return Arrays.equals(root, leaf) ? Verdict.VALID : Verdict.MISMATCH;
    }
    int next = 0;
    List<byte[]> peakHashes = new ArrayList<>();
    boolean used = false;
    for (long peak : peaks(mmrSize)) {
      byte[] h;
      if (!used && pos <= peak) {
        used = true;
        long p = pos;
        int height = 0;
        h = leaf;
        while (p != peak) {
          if (next >= proof.size()) {
            return Verdict.CORRUPTED;
          }
          byte[] sib = proof.get(next++);
          if (posHeight(p + 1) > height) {
            h = merge(sib, h);
            p = p + 1;
          } else {
            h = merge(h, sib);
            p = p + parentOffset(height);
          }
          height++;
          if (p > peak) {
            return Verdict.CORRUPTED;
          }
        }
      } else if (next < proof.size()) {
        h = proof.get(next++);
      } else {
        break;
      }
      peakHashes.add(h);
    }
    if (next == proof.size() - 1) {
      peakHashes.add(proof.get(next++));
    }
    if (!used || next != proof.size()) {
      return Verdict.CORRUPTED;
    }
    return Arrays.equals(bag(peakHashes), root) ? Verdict.VALID : Verdict.MISMATCH;
  }

  /** The number of nodes of an MMR whose last leaf has index {@code leafIndex}. */
  public static long leafIndexToMmrSize(long leafIndex) {
    long count = leafIndex + 1;
    return 2 * count - Long.bitCount(count);
  }

  /** The position of leaf {@code leafIndex}. */
  public static long leafIndexToPos(long leafIndex) {
    return leafIndexToMmrSize(leafIndex) - Long.numberOfTrailingZeros(leafIndex + 1) - 1;
  }

  /** The number of nodes of an MMR of {@code leafCount} leaves. */
  public static long mmrSize(long leafCount) {
    return leafCount == 0 ? 0 : leafIndexToMmrSize(leafCount - 1);
  }

  /** {@code MergeMMRHash::merge}: BLAKE2s-256 of the two hashes concatenated. */
  public static byte[] merge(byte[] left, byte[] right) {
    Blake2sDigest d = new Blake2sDigest(256);
    d.update(left, 0, left.length);
    d.update(right, 0, right.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] bag(List<byte[]> peaks) {
    List<byte[]> stack = new ArrayList<>(peaks);
    while (stack.size() > 1) {
      byte[] right = stack.remove(stack.size() - 1);
      byte[] left = stack.remove(stack.size() - 1);
      stack.add(merge(right, left));
    }
    return stack.get(0);
  }

  static int posHeight(long pos) {
    long p = pos + 1;
    while (!allOnes(p)) {
      int bitLength = 64 - Long.numberOfLeadingZeros(p);
      p -= (1L << (bitLength - 1)) - 1;
    }
    return 64 - Long.numberOfLeadingZeros(p) - 1;
  }

  private static boolean allOnes(long n) {
    return n != 0 && Long.bitCount(n) == 64 - Long.numberOfLeadingZeros(n);
  }

  private static long parentOffset(int height) {
    return 2L << height;
  }

  private static long siblingOffset(int height) {
    return (2L << height) - 1;
  }

  /** The positions of the peaks of an MMR of {@code mmrSize} nodes, left to right. */
  static List<Long> peaks(long mmrSize) {
    List<Long> out = new ArrayList<>();
    long offset = 0;
    long remaining = mmrSize;
    for (int h = 62; h >= 0; h--) {
      long treeSize = (1L << (h + 1)) - 1;
      if (treeSize <= remaining) {
        out.add(offset + treeSize - 1);
        offset += treeSize;
        remaining -= treeSize;
      }
    }
    return out;
  }
}
