package io.ddc.cluster.placement;

import io.ddc.protocol.cid.Cid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * Weighted rendezvous (highest random weight) placement, normative in docs/spec/placement.md §3.
 *
 * <p>Each node gets a score for each CID: {@code weight / -ln(u)}, where {@code u ∈ (0, 1)} comes
 * from a 64-bit mix of the CID digest and the node's seed; nodes are ranked by descending score.
 * Adding a node moves only the pieces the new node now wins (about {@code 1/n} of them), and
 * removing one moves only the pieces it held. {@link StrictMath#log} keeps scores bit-identical on
 * every JVM.
 */
public final class RendezvousPlacement implements PlacementPolicy {

  /** The one instance; the policy has no state. */
  public static final RendezvousPlacement INSTANCE = new RendezvousPlacement();

  private RendezvousPlacement() {}

  @Override
  public List<PlacementNode> rank(Cid cid, Collection<PlacementNode> nodes) {
    byte[] digest = cid.digest();
    ByteBuffer d = ByteBuffer.wrap(digest).order(ByteOrder.LITTLE_ENDIAN);
    long key0 = d.getLong(0);
    long key1 = d.getLong(8);
    List<Scored> scored = new ArrayList<>(nodes.size());
    Set<String> seen = new HashSet<>();
    for (PlacementNode n : nodes) {
      if (!seen.add(n.id())) {
        throw new IllegalArgumentException("duplicate node id " + n.id());
      }
      scored.add(new Scored(n, score(key0, key1, seed(n.id()), n.weight())));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.node().id()));
    List<PlacementNode> out = new ArrayList<>(scored.size());
    for (Scored s : scored) {
      out.add(s.node());
    }
    return out;
  }

  /**
   * §3.6: shard {@code i} goes to the best-scoring node for the shard key {@code (mix(key0 + i +
   * 1), key1)} that holds no earlier shard of the same round (a round is {@code nodes.size()}
   * consecutive shards, so that every node holds one before any holds two).
   */
  @Override
  public List<PlacementNode> shardHolders(Cid cid, Collection<PlacementNode> nodes, int shards) {
    if (shards < 0) {
      throw new IllegalArgumentException("shards must not be negative, " + shards + " given");
    }
    if (nodes.isEmpty()) {
      return List.of();
    }
    byte[] digest = cid.digest();
    ByteBuffer d = ByteBuffer.wrap(digest).order(ByteOrder.LITTLE_ENDIAN);
    long key0 = d.getLong(0);
    long key1 = d.getLong(8);
    List<PlacementNode> list = new ArrayList<>(nodes);
    long[] seeds = new long[list.size()];
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < list.size(); j++) {
      if (!seen.add(list.get(j).id())) {
        throw new IllegalArgumentException("duplicate node id " + list.get(j).id());
      }
      seeds[j] = seed(list.get(j).id());
    }
    List<PlacementNode> out = new ArrayList<>(shards);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < shards; i++) {
      if (used.size() == list.size()) {
        used.clear(); // a new round
      }
      long k0 = mix(key0 + i + 1);
      PlacementNode best = null;
      double bestScore = 0;
      for (int j = 0; j < list.size(); j++) {
        PlacementNode n = list.get(j);
        if (used.contains(n.id())) {
          continue;
        }
        double sc = score(k0, key1, seeds[j], n.weight());
        if (best == null
            || sc > bestScore
            || (sc == bestScore && n.id().compareTo(best.id()) < 0)) {
          best = n;
          bestScore = sc;
        }
      }
      used.add(best.id());
      out.add(best);
    }
    return out;
  }

  private record Scored(PlacementNode node, double score) {}

  /** §3.2: the score of one node for one CID. */
  static double score(long key0, long key1, long seed, double weight) {
    long h = mix(mix(key0 ^ seed) ^ key1);
    // 53 random bits, shifted into the open interval (0, 1).
    double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
    return weight / -StrictMath.log(u);
  }

  /** §3.1: a node's seed, the first 8 bytes (little-endian) of BLAKE3-256 of its UTF-8 id. */
  static long seed(String id) {
    byte[] in = id.getBytes(StandardCharsets.UTF_8);
    Blake3Digest b = new Blake3Digest(256);
    b.update(in, 0, in.length);
    byte[] out = new byte[32];
    b.doFinal(out, 0);
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  /** The 64-bit finalizer of SplitMix64 (Stafford variant 13). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
