package io.ddc.pallets.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.Hashing;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MmrTest {
  static byte[] h(int i) {
    return Hashing.blake2b256(new byte[] {(byte) i, (byte) (i >> 8)});
  }

  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(h(i));
    }
    return out;
  }

  @Test
  void positionsAndSizesOfTheCkbLayout() {
    // leaves sit at 0, 1, 3, 4, 7, 8, 10, 11, 15
    assertThat(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L))
        .extracting(Mmr::leafIndexToPos)
        .containsExactly(0L, 1L, 3L, 4L, 7L, 8L, 10L, 11L, 15L);
    assertThat(List.of(0L, 1L, 2L, 3L, 4L, 6L))
        .extracting(Mmr::leafIndexToMmrSize)
        .containsExactly(1L, 3L, 4L, 7L, 8L, 11L);
    assertThat(Mmr.peaks(11)).containsExactly(6L, 9L, 10L);
    assertThat(Mmr.posHeight(2)).isEqualTo(1);
    assertThat(Mmr.posHeight(6)).isEqualTo(2);
    assertThat(Mmr.posHeight(7)).isZero();
  }

  @Test
  void smallRootsByHand() {
    byte[] a = h(0);
    byte[] b = h(1);
    byte[] c = h(2);
    assertThat(new Mmr(List.of(a)).root()).isEqualTo(a);
    assertThat(new Mmr(List.of(a, b)).root()).isEqualTo(Mmr.merge(a, b));
    // two peaks, bagged right to left as merge(right, left)
    assertThat(new Mmr(List.of(a, b, c)).root()).isEqualTo(Mmr.merge(c, Mmr.merge(a, b)));
    assertThat(new Mmr(List.of(a, b, c)).proof(2)).containsExactly(Mmr.merge(a, b));
    assertThat(new Mmr(List.of(a, b, c)).proof(0)).containsExactly(b, c);
  }

  @Test
  void rightPeaksAreBaggedIntoOneProofItem() {
    // 7 leaves: peaks of 4, 2 and 1 leaves; leaf 0 needs its path and one bagged right hash
    Mmr m = new Mmr(leaves(7));
    List<byte[]> proof = m.proof(0);
    assertThat(proof).hasSize(3);
    byte[] rightBag = Mmr.merge(h(6), Mmr.merge(h(4), h(5)));
    assertThat(proof.get(2)).isEqualTo(rightBag);
    assertThat(Mmr.verify(m.root(), Mmr.mmrSize(7), 0, h(0), proof)).isTrue();
  }

  @Property(tries = 60)
  void everyLeafProves(@ForAll @IntRange(min = 1, max = 140) int n) {
    Mmr m = new Mmr(leaves(n));
    byte[] root = m.root();
    long size = Mmr.leafIndexToMmrSize(n - 1);
    for (int i = 0; i < n; i++) {
      List<byte[]> proof = m.proof(i);
      assertThat(Mmr.verify(root, size, i, h(i), proof)).as("leaf %d of %d", i, n).isTrue();
      assertThat(Mmr.verify(root, size, i, h(i + 1000), proof)).isFalse();
    }
  }

  @Property(tries = 40)
  void payoutBatchesProveAndATamperedEntryFails(
      @ForAll @IntRange(min = 1, max = 450) int n, @ForAll long seed) {
    Random r = new Random(seed);
    List<PayoutEntry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] acc = new byte[32];
      r.nextBytes(acc);
      entries.add(new PayoutEntry(acc, BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE)));
    }
    PayoutTree t = new PayoutTree(entries);
    assertThat(t.batchCount()).isEqualTo((n + 99) / 100);
    List<PayoutEntry> flat = new ArrayList<>();
    t.batches().forEach(flat::addAll);
    assertThat(flat).isSorted().containsExactlyInAnyOrderElementsOf(entries);
    for (int b = 0; b < t.batchCount(); b++) {
      List<PayoutEntry> batch = t.batches().get(b);
      assertThat(PayoutTree.verifyBatch(t.root(), t.maxBatchIndex(), b, batch, t.proof(b)))
          .isTrue();
      List<PayoutEntry> tampered = new ArrayList<>(batch);
      PayoutEntry e = tampered.get(r.nextInt(tampered.size()));
      tampered.set(
          tampered.indexOf(e), new PayoutEntry(e.account(), e.amount().add(BigInteger.ONE)));
      assertThat(PayoutTree.verifyBatch(t.root(), t.maxBatchIndex(), b, tampered, t.proof(b)))
          .isFalse();
    }
  }

  @Test
  void aProofThatRunsOutEarlyIsAcceptedForAnotherIndexLikeTheRustVerifier() {
    // ckb's calculate_peaks_hashes stops at the first peak the proof has no hash for, so the
    // single-peak proof of leaf 2 of three also "proves" that leaf at index 0. The pallet relies on
    // its processed-batch set, not on the proof, to bind a batch to its index.
    Mmr m = new Mmr(leaves(3));
    assertThat(Mmr.verify(m.root(), Mmr.mmrSize(3), 0, h(2), m.proof(2))).isTrue();
    assertThat(Mmr.verify(m.root(), Mmr.mmrSize(3), 1, h(2), m.proof(2))).isFalse();
  }

  @Test
  void malformedProofsAreCorruptedNotMismatched() {
    Mmr m = new Mmr(leaves(7));
    long size = Mmr.mmrSize(7);
    List<byte[]> proof = m.proof(3);
    assertThat(Mmr.check(m.root(), size, 3, h(3), proof)).isEqualTo(Mmr.Verdict.VALID);
    assertThat(Mmr.check(m.root(), size, 3, h(4), proof)).isEqualTo(Mmr.Verdict.MISMATCH);
    assertThat(Mmr.check(m.root(), size, 3, h(3), proof.subList(0, 1)))
        .isEqualTo(Mmr.Verdict.CORRUPTED);
    // leaf 6 is a peak of its own: its proof is the two peaks on its left; one spare hash would
    // be taken as a bagged right side (a mismatch), two cannot be used
    List<byte[]> longer = new ArrayList<>(m.proof(6));
    longer.add(h(9));
    assertThat(Mmr.check(m.root(), size, 6, h(6), longer)).isEqualTo(Mmr.Verdict.MISMATCH);
    longer.add(h(10));
    assertThat(Mmr.check(m.root(), size, 6, h(6), longer)).isEqualTo(Mmr.Verdict.CORRUPTED);
    assertThat(Mmr.check(m.root(), size, 7, h(3), proof)).isEqualTo(Mmr.Verdict.CORRUPTED);
    // a one-node MMR compares the leaf and ignores the proof, as the Rust verifier does
    assertThat(Mmr.check(h(1), 1, 0, h(1), List.of(h(2)))).isEqualTo(Mmr.Verdict.VALID);
  }

  @Test
  void emptyPayoutHasTheZeroRoot() {
    PayoutTree t = new PayoutTree(List.of());
    assertThat(t.root()).isEqualTo(new byte[32]);
    assertThat(t.batchCount()).isZero();
  }

  @Test
  void leafIsBlake2bOfAccountAndLittleEndianU128() {
    byte[] acc = new byte[32];
    acc[0] = 7;
    byte[] encoded = new byte[48];
    encoded[0] = 7;
    encoded[32] = 1;
    encoded[33] = 1; // 257 little-endian
    assertThat(new PayoutEntry(acc, BigInteger.valueOf(257)).leafHash())
        .isEqualTo(Hashing.blake2b256(encoded));
  }

  @Test
  void fingerprintEraIdentifiers() {
    byte[] cluster = new byte[20];
    cluster[19] = 1;
    byte[] collector = new byte[32];
    String ehd = PayoutFingerprint.ehdId(cluster, collector, 100);
    assertThat(ehd)
        .isEqualTo("0x0000000000000000000000000000000000000001-0x" + "0".repeat(64) + "-100");
    assertThat(PayoutFingerprint.eraOf(ehd)).isEqualTo(100);
    byte[] f1 = PayoutFingerprint.hash(cluster, ehd, h(1), h(2));
    assertThat(f1).hasSize(32).isNotEqualTo(PayoutFingerprint.hash(cluster, ehd, h(2), h(1)));
  }
}
