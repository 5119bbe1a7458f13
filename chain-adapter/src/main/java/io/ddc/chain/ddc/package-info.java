/**
 * Typed access to the DDC pallets of a Cere chain (dev line): buckets and deposits, storage nodes,
 * clusters and staking, over {@link io.ddc.chain.client.SubstrateClient}. Call indices come from
 * the chain's metadata; argument layouts follow {@code docs/spec/runtime-metadata.md}.
 */
package io.ddc.chain.ddc;
