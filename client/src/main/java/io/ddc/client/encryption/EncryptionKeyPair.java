package io.ddc.client.encryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * An account's X25519 encryption key pair ({@code docs/spec/encryption.md} §3), separate from its
 * signing key. The private half never leaves this object and is not printed.
 */
public final class EncryptionKeyPair {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DERIVE_SALT = "ddc/encryption/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DERIVE_INFO = "x25519-secret".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ACCOUNT_KEY_MESSAGE =
      "ddc/encryption/v1/account-key".getBytes(StandardCharsets.US_ASCII);

  private final X25519PrivateKeyParameters secret;
  private final byte[] publicKey;

  private EncryptionKeyPair(X25519PrivateKeyParameters secret) {
    this.secret = secret;
    this.publicKey = secret.generatePublicKey().getEncoded();
  }

  /** A fresh random key pair. */
  public static EncryptionKeyPair generate() {
    return new EncryptionKeyPair(new X25519PrivateKeyParameters(RANDOM));
  }

  /**
   * The key pair derived from 32 bytes of an account's secret material (e.g. its mini-secret or
   * seed): the same secret always yields the same key pair.
   */
  public static EncryptionKeyPair derive(byte[] accountSecret) {
    if (accountSecret.length < 32) {
      throw new IllegalArgumentException("account secret must be at least 32 bytes");
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(accountSecret, DERIVE_SALT, DERIVE_INFO));
    byte[] sk = new byte[32];
    hkdf.generateBytes(sk, 0, 32);
    return new EncryptionKeyPair(new X25519PrivateKeyParameters(sk, 0));
  }

  /**
   * The encryption key pair of the account whose key comes from {@code secretUri} (a mnemonic, a
   * {@code 0x} seed or a dev URI, with path and password; docs/spec/encrypted-files.md §3): the
   * ed25519 key at the URI extended by the hard junction {@code //ddc-encryption} signs the ASCII
   * text {@code ddc/encryption/v1/account-key} (ed25519 signatures are deterministic), and the
   * SHA-256 of that signature is the secret material of {@link #derive}. The same account always
   * has the same encryption key, whichever scheme it signs with; URIs with soft junctions are
   * refused ({@code InvalidSecretException}), as ed25519 has none.
   */
  public static EncryptionKeyPair ofSecretUri(String secretUri) {
    int password = secretUri.indexOf("///");
    String uri =
        password < 0
            ? secretUri + "//ddc-encryption"
            : secretUri.substring(0, password) + "//ddc-encryption" + secretUri.substring(password);
    io.ddc.crypto.KeyPair k = io.ddc.crypto.Keys.fromUri(uri, io.ddc.crypto.KeyScheme.ED25519);
    byte[] sig = k.sign(ACCOUNT_KEY_MESSAGE);
    try {
      return derive(java.security.MessageDigest.getInstance("SHA-256").digest(sig));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The 32-byte X25519 public key others wrap data keys for. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  X25519PrivateKeyParameters secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "EncryptionKeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
  }
}
