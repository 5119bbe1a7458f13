/**
 * The arithmetic and the commitments of DDC payouts, pure and shared by the runtime model and the
 * validators: {@link io.ddc.pallets.payouts.Perquintill} with the runtime's rounding, customer
 * charges, fee shares and provider rewards ({@link io.ddc.pallets.payouts.Billing}), and the payout
 * Merkle mountain ranges ({@link io.ddc.pallets.payouts.PayoutTree}, {@link
 * io.ddc.pallets.payouts.Mmr}) with the fingerprint validators agree on ({@link
 * io.ddc.pallets.payouts.PayoutFingerprint}).
 */
package io.ddc.pallets.payouts;
