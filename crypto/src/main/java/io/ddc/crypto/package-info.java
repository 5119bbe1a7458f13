/**
 * Substrate identities: sr25519 (schnorrkel) and ed25519 keys and signatures, BIP39 mnemonics, hard
 * and soft derivation, SS58 addresses, and the hashes the chain and the node protocol use (BLAKE3,
 * blake2b, twox).
 */
package io.ddc.crypto;
