/**
 * The SDK's chain side: balances, deposits and buckets of one cluster through the chain adapter
 * ({@link io.ddc.client.chain.DdcChainClient}), and CERE amounts ({@link
 * io.ddc.client.chain.Cere}).
 */
package io.ddc.client.chain;
