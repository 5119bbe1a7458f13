/**
 * The embedded dev chain: a single-node Substrate-compatible chain that runs the {@code
 * pallet-specs} runtime model and serves Substrate's JSON-RPC over WebSocket and HTTP on loopback.
 * Start it with {@link io.ddc.chain.dev.DevChain#start}; formats and methods are specified in
 * {@code docs/spec/dev-chain.md}.
 */
package io.ddc.chain.dev;
