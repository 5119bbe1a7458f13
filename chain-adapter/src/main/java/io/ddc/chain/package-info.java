/**
 * Talks to a Substrate chain over JSON-RPC (client, extrinsic builder, typed DDC API) and serves
 * the embedded dev chain.
 */
package io.ddc.chain;
