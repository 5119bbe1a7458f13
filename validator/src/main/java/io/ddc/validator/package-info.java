/**
 * The validator: per era of a cluster it collects the activity every node of the cluster recorded,
 * verifies it record by record (node, client request and acknowledgement signatures), prices it
 * with the cluster's protocol parameters, commits the payout fingerprint, and, once the fingerprint
 * has quorum, runs the payout on chain in MMR-proven batches. It also audits the pieces nodes claim
 * to hold and reports nodes that fail on chain. docs/spec/validator.md is normative.
 *
 * <p>Public API: {@link io.ddc.validator.Validator}, {@link io.ddc.validator.ValidatorOptions} and
 * the exceptions; everything else is package-private.
 */
package io.ddc.validator;
