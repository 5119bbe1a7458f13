package io.ddc.client.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class SharingTest {

  @Test
  void ownerSharesWithASecondAccountAndAThirdCannotDecrypt() {
    EncryptionKeyPair owner = EncryptionKeyPair.generate();
    EncryptionKeyPair friend = EncryptionKeyPair.generate();
    EncryptionKeyPair stranger = EncryptionKeyPair.generate();
    byte[] plain = "the quarterly numbers".getBytes(StandardCharsets.UTF_8);
    DataKey key = DataKey.generate();
    byte[] object = EncryptedObject.seal(plain, key);

    byte[] forOwner = KeyEnvelope.wrap(key, owner.publicKey());
    byte[] forFriend = KeyEnvelope.wrap(KeyEnvelope.unwrap(forOwner, owner), friend.publicKey());

    assertThat(EncryptedObject.open(object, KeyEnvelope.unwrap(forFriend, friend)))
        .isEqualTo(plain);
    assertThatThrownBy(() -> KeyEnvelope.unwrap(forFriend, stranger))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("another encryption key");
  }

  @Test
  void aStrangerRewritingTheRecipientFieldStillCannotUnwrap() {
    EncryptionKeyPair friend = EncryptionKeyPair.generate();
    EncryptionKeyPair stranger = EncryptionKeyPair.generate();
    byte[] env = KeyEnvelope.wrap(DataKey.generate(), friend.publicKey());
    System.arraycopy(stranger.publicKey(), 0, env, 5, 32);
    assertThatThrownBy(() -> KeyEnvelope.unwrap(env, stranger))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void everyTamperedEnvelopeByteIsDetected() {
    EncryptionKeyPair friend = EncryptionKeyPair.generate();
    DataKey key = DataKey.generate();
    byte[] env = KeyEnvelope.wrap(key, friend.publicKey());
    assertThat(env).hasSize(KeyEnvelope.BYTES);
    for (int i = 0; i < env.length; i++) {
      byte[] t = env.clone();
      t[i] ^= 1;
      assertThatThrownBy(() -> KeyEnvelope.unwrap(t, friend))
          .as("byte %d", i)
          .isInstanceOf(DecryptionException.class);
    }
    assertThat(KeyEnvelope.unwrap(env, friend)).isEqualTo(key);
  }

  @Test
  void derivedKeysAreStablePerSecretAndDistinctAcrossSecrets() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;
    assertThat(EncryptionKeyPair.derive(a).publicKey())
        .isEqualTo(EncryptionKeyPair.derive(a).publicKey())
        .isNotEqualTo(EncryptionKeyPair.derive(b).publicKey());
    assertThat(EncryptionKeyPair.derive(a).toString()).doesNotContain("secret");
  }

  @Test
  void keyRecordSignedByTheAccountVerifiesAndAChangedRecordDoesNot() {
    Ed25519PrivateKeyParameters account =
        new Ed25519PrivateKeyParameters(new java.security.SecureRandom());
    byte[] accountPub = account.generatePublicKey().getEncoded();
    EncryptionKeyRecord.Signer signer =
        msg -> {
          Ed25519Signer s = new Ed25519Signer();
          s.init(true, account);
          s.update(msg, 0, msg.length);
          return s.generateSignature();
        };
    EncryptionKeyRecord.Verifier verifier =
        (scheme, pub, msg, sig) -> {
          Ed25519Signer v = new Ed25519Signer();
          v.init(false, new Ed25519PublicKeyParameters(pub, 0));
          v.update(msg, 0, msg.length);
          return scheme == EncryptionKeyRecord.ED25519 && v.verifySignature(sig);
        };
    EncryptionKeyPair enc = EncryptionKeyPair.generate();
    EncryptionKeyRecord rec =
        EncryptionKeyRecord.sign(
            EncryptionKeyRecord.ED25519, accountPub, signer, enc, 1_700_000_000_000L);

    EncryptionKeyRecord parsed = EncryptionKeyRecord.parse(rec.encode());
    assertThat(parsed).isEqualTo(rec);
    assertThat(parsed.verify(verifier)).isTrue();
    assertThat(parsed.encryptionPublicKey()).isEqualTo(enc.publicKey());

    byte[] forged = rec.encode();
    System.arraycopy(EncryptionKeyPair.generate().publicKey(), 0, forged, 37, 32);
    assertThat(EncryptionKeyRecord.parse(forged).verify(verifier)).isFalse();
    assertThatThrownBy(() -> EncryptionKeyRecord.parse(new byte[10]))
        .isInstanceOf(DecryptionException.class);
  }
}
