/**
 * Substrate identities: sr25519 (schnorrkel) and ed25519 keys and signatures, BIP39 mnemonics, hard
 * and soft derivation, SS58 addresses, key files, and the hashes the chain and the node protocol
 * use (BLAKE3, blake2b, twox, keccak).
 *
 * <p>Entry points: {@link io.ddc.crypto.Keys} makes key pairs from secret URIs and seeds, {@link
 * io.ddc.crypto.Signatures} verifies (never throws on malformed input), {@link io.ddc.crypto.Ss58}
 * and {@link io.ddc.crypto.Base58} encode addresses, {@link io.ddc.crypto.KeyFile} reads and writes
 * docs/spec/key-file.md, {@link io.ddc.crypto.Hashing} hashes. Everything public is immutable and
 * thread-safe. Errors from outside input are {@link io.ddc.crypto.CryptoException}s.
 *
 * <p>sr25519 is implemented here (docs/decisions/0020-sr25519-in-java.md): field and group
 * arithmetic ({@code Field25519}, {@code Ristretto255}, constant-time {@code SecretScalar}), {@code
 * Keccak1600}, {@code Strobe128}, Merlin {@code Transcript}, and schnorrkel in {@code Sr25519} and
 * {@code Sr25519KeyPair}.
 */
package io.ddc.crypto;
