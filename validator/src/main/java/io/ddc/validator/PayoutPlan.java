package io.ddc.validator;

import io.ddc.pallets.payouts.PayoutEntry;
import java.util.List;

/**
 * What one era's payout pays: the charging and rewarding batches with their MMR proofs and the two
 * era roots the fingerprint commits to. Every validator that saw the same activity computes the
 * same plan byte for byte (docs/decisions/0080-validator-billing-and-agreement.md).
 *
 * @param era the era id
 * @param ehdId the era's id string in {@code commit_payout_fingerprint}
 * @param payers charging batches, in batch index order
 * @param payersRoot MMR root over the charging batch roots
 * @param payees rewarding batches, in batch index order
 * @param payeesRoot MMR root over the rewarding batch roots
 */
record PayoutPlan(
    long era,
    String ehdId,
    List<Batch> payers,
    byte[] payersRoot,
    List<Batch> payees,
    byte[] payeesRoot) {

  PayoutPlan {
    payers = List.copyOf(payers);
    payees = List.copyOf(payees);
  }

  /** One batch: sorted entries and the proof of its root against the era root. */
  record Batch(List<PayoutEntry> entries, List<byte[]> proof) {
    Batch {
      entries = List.copyOf(entries);
      proof = List.copyOf(proof);
    }
  }

  /** Whether there is anything to pay (the chain refuses zero roots). */
  boolean isEmpty() {
    return payers.isEmpty() || payees.isEmpty();
  }
}
