/**
 * Client-side encryption of DDC objects, normative format in {@code docs/spec/encryption.md}:
 * chunked AES-256-GCM (STREAM construction) so ranged reads still work ({@link
 * io.ddc.client.encryption.EncryptedObject}), data keys wrapped per recipient with X25519 +
 * HKDF-SHA256 + AES-256-GCM ({@link io.ddc.client.encryption.KeyEnvelope}), and signed records
 * publishing an account's encryption key ({@link io.ddc.client.encryption.EncryptionKeyRecord}).
 *
 * <p>Nothing here does I/O beyond the streams callers pass in; every class is safe to use from any
 * thread except the streams, which are single-threaded as all streams are.
 */
package io.ddc.client.encryption;
