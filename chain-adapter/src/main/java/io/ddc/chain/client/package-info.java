/**
 * A Substrate JSON-RPC client for Cere chains (real nodes and the dev chain alike): connection with
 * reconnect, storage reads, subscriptions, signed extrinsics with watch, event decoding from the
 * chain's metadata, and the {@link io.ddc.chain.client.ChainException} hierarchy.
 */
package io.ddc.chain.client;
