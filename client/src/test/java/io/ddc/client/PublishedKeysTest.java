package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.client.encryption.EncryptionKeyPair;
import io.ddc.client.encryption.EncryptionKeyRecord;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Node;
import org.junit.jupiter.api.Test;

class PublishedKeysTest {
  static final KeyPair BOB = Keys.fromUri("//Bob", KeyScheme.SR25519);
  static final KeyPair EVE = Keys.fromUri("//Eve", KeyScheme.ED25519);
  static final Cid WHERE = Cid.compute(Cid.Codec.DAG_NODE, new byte[] {1});

  @Test
  void aPublishedKeyVerifiesForItsAccountUnderBothSchemes() {
    for (KeyPair account : new KeyPair[] {BOB, EVE}) {
      EncryptionKeyPair enc = EncryptionKeyPair.generate();
      Node node = PublishedKeys.node(account, enc, 1_700_000_000_000L);
      assertThat(PublishedKeys.verified(node, account.publicKey(), WHERE))
          .isEqualTo(enc.publicKey());
      assertThat(node.getTagsList())
          .anyMatch(t -> t.getKey().equals("ddc.encryption-key") && t.getValue().equals("1"));
      assertThat(PublishedKeys.name(account.publicKey())).startsWith("ddc.keys/0x").hasSize(75);
    }
  }

  @Test
  void anotherAccountsRecordIsRefused() {
    Node eves = PublishedKeys.node(EVE, EncryptionKeyPair.generate(), 1L);
    assertThatThrownBy(() -> PublishedKeys.verified(eves, BOB.publicKey(), WHERE))
        .isInstanceOf(UntrustedKeyException.class)
        .hasMessageContaining("is for account");
  }

  @Test
  void aRecordNamingTheAccountButSignedByAnotherKeyIsRefused() {
    EncryptionKeyPair evesKey = EncryptionKeyPair.generate();
    EncryptionKeyRecord forged =
        EncryptionKeyRecord.sign(
            EncryptionKeyRecord.SR25519, BOB.publicKey(), EVE::sign, evesKey, 2L);
    Node node = Node.newBuilder().setData(ByteString.copyFrom(forged.encode())).build();
    assertThatThrownBy(() -> PublishedKeys.verified(node, BOB.publicKey(), WHERE))
        .isInstanceOf(UntrustedKeyException.class)
        .hasMessageContaining("not signed by");
    byte[] swapped =
        PublishedKeys.node(BOB, EncryptionKeyPair.generate(), 3L).getData().toByteArray();
    System.arraycopy(evesKey.publicKey(), 0, swapped, 37, 32);
    Node tampered = Node.newBuilder().setData(ByteString.copyFrom(swapped)).build();
    assertThatThrownBy(() -> PublishedKeys.verified(tampered, BOB.publicKey(), WHERE))
        .isInstanceOf(UntrustedKeyException.class)
        .hasMessageContaining("not signed by");
  }

  @Test
  void aNodeWithoutARecordIsRefused() {
    Node junk = Node.newBuilder().setData(ByteString.copyFromUtf8("hello")).build();
    assertThatThrownBy(() -> PublishedKeys.verified(junk, BOB.publicKey(), WHERE))
        .isInstanceOf(UntrustedKeyException.class)
        .hasMessageContaining("not an encryption key record");
  }
}
