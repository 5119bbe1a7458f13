package io.ddc.pallets.payouts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The payers or payees of one era as the dev-line payouts pallet commits to them: entries sorted,
 * cut into batches of {@link #MAX_BATCH_SIZE}, each batch's root is the MMR root of its leaves, and
 * the era root is the MMR root over the batch roots (32 zero bytes when there are no entries). A
 * batch call carries the batch and {@link #proof(int)}; the chain recomputes the batch root and
 * checks it with {@link #verifyBatch}.
 */
public final class PayoutTree {
  /** Entries per batch ({@code MAX_PAYOUT_BATCH_SIZE} of the dev runtime). */
  public static final int MAX_BATCH_SIZE = 100;

  /** Batches per payout ({@code MAX_PAYOUT_BATCH_COUNT}). */
  public static final int MAX_BATCH_COUNT = 1000;

  private final List<List<PayoutEntry>> batches = new ArrayList<>();
  private final Mmr eraMmr;

  /**
   * The tree of {@code entries} (in any order).
   *
   * @throws IllegalArgumentException if they need more than {@link #MAX_BATCH_COUNT} batches
   */
  public PayoutTree(Collection<PayoutEntry> entries) {
    List<PayoutEntry> sorted = new ArrayList<>(entries);
    sorted.sort(null);
    for (int i = 0; i < sorted.size(); i += MAX_BATCH_SIZE) {
      batches.add(List.copyOf(sorted.subList(i, Math.min(sorted.size(), i + MAX_BATCH_SIZE))));
    }
    if (batches.size() > MAX_BATCH_COUNT) {
      throw new IllegalArgumentException(
          sorted.size() + " entries need more than " + MAX_BATCH_COUNT + " batches");
    }
    List<byte[]> roots = new ArrayList<>(batches.size());
    for (List<PayoutEntry> b : batches) {
      roots.add(batchRoot(b));
    }
    eraMmr = new Mmr(roots);
  }

  /** The batches, sorted, each at most {@link #MAX_BATCH_SIZE} entries. */
  public List<List<PayoutEntry>> batches() {
    return List.copyOf(batches);
  }

  /** The number of batches. */
  public int batchCount() {
    return batches.size();
  }

  /** The {@code max_batch_index} argument of {@code begin_charging_customers} and its kin. */
  public int maxBatchIndex() {
    return Math.max(0, batches.size() - 1);
  }

  /** The era root ({@code payers_root}/{@code payees_root}); 32 zero bytes without entries. */
  public byte[] root() {
    return batches.isEmpty() ? new byte[32] : eraMmr.root();
  }

  /** The MMR proof of batch {@code index} against {@link #root()}. */
  public List<byte[]> proof(int index) {
    return eraMmr.proof(index);
  }

  /**
   * The MMR root of one batch's leaves.
   *
   * @throws IllegalArgumentException for an empty batch
   */
  public static byte[] batchRoot(List<PayoutEntry> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one entry");
    }
    List<byte[]> leaves = new ArrayList<>(batch.size());
    for (PayoutEntry e : batch) {
      leaves.add(e.leafHash());
    }
    return new Mmr(leaves).root();
  }

  /**
   * The chain's check of a batch call: the batch's root is leaf {@code batchIndex} of an era MMR of
   * {@code maxBatchIndex + 1} leaves with root {@code eraRoot}.
   */
  public static boolean verifyBatch(
      byte[] eraRoot,
      int maxBatchIndex,
      int batchIndex,
      List<PayoutEntry> batch,
      List<byte[]> proof) {
    return checkBatch(eraRoot, maxBatchIndex, batchIndex, batch, proof) == Mmr.Verdict.VALID;
  }

  /** {@link #verifyBatch} with the reason a proof fails ({@link Mmr#check}). */
  public static Mmr.Verdict checkBatch(
      byte[] eraRoot,
      int maxBatchIndex,
      int batchIndex,
      List<PayoutEntry> batch,
      List<byte[]> proof) {
    if (batch.isEmpty() || batchIndex < 0 || batchIndex > maxBatchIndex) {
      return Mmr.Verdict.CORRUPTED;
    }
    return Mmr.check(
        eraRoot, Mmr.leafIndexToMmrSize(maxBatchIndex), batchIndex, batchRoot(batch), proof);
  }
}
