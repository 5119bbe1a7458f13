/**
 * AuthToken chains and client-signed messages as received on the wire: parsing, and the exact bytes
 * each signature covers (docs/spec/node-protocol.md §6.5, §7.2, §7.3). Signatures always cover the
 * received bytes, so nothing here re-encodes a parsed message.
 */
package io.ddc.protocol.auth;
