/**
 * The JVM's DDC client (SDK). {@link io.ddc.client.DdcClient} stores and reads files, directories
 * (DAG nodes), names and encrypted files over a set of nodes, finds tagged DAG nodes across the
 * cluster ({@link io.ddc.client.DdcClient#search}, docs/spec/search.md) and publishes and looks up
 * accounts' encryption keys ({@link io.ddc.client.DdcClient#publishEncryptionKey},
 * docs/spec/encryption.md §3.1). The node API client is in {@link io.ddc.client.node}, the chain
 * side in {@link io.ddc.client.chain}, the cryptographic formats in {@link
 * io.ddc.client.encryption}.
 */
package io.ddc.client;
