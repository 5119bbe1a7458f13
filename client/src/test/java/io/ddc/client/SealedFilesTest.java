package io.ddc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ddc.client.encryption.DataKey;
import io.ddc.client.encryption.DecryptionException;
import io.ddc.client.encryption.EncryptedObject;
import io.ddc.client.encryption.EncryptionKeyPair;
import io.ddc.client.encryption.KeyEnvelope;
import io.ddc.protocol.proto.dag.Node;
import io.ddc.protocol.proto.dag.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedFilesTest {
  @TempDir Path dir;

  private static Node node(byte[]... envelopes) {
    ByteString data = ByteString.EMPTY;
    for (byte[] e : envelopes) {
      data = data.concat(ByteString.copyFrom(e));
    }
    return Node.newBuilder()
        .setData(data)
        .addTags(Tag.newBuilder().setKey(SealedFiles.TAG_ENCRYPTION).setValue("1"))
        .build();
  }

  @Test
  void eachRecipientFindsItsEnvelopeAndAThirdIsToldItIsNotForIt() {
    EncryptionKeyPair a = EncryptionKeyPair.ofSecretUri("//Alice");
    EncryptionKeyPair b = EncryptionKeyPair.ofSecretUri("//Bob");
    DataKey key = DataKey.generate();
    Node n = node(KeyEnvelope.wrap(key, a.publicKey()), KeyEnvelope.wrap(key, b.publicKey()));
    assertThat(SealedFiles.isSealed(n)).isTrue();
    assertThat(SealedFiles.isSealed(Node.getDefaultInstance())).isFalse();
    assertThat(SealedFiles.unwrap(n, a)).isEqualTo(key);
    assertThat(SealedFiles.unwrap(n, b)).isEqualTo(key);
    assertThatThrownBy(() -> SealedFiles.unwrap(n, EncryptionKeyPair.ofSecretUri("//Eve")))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("not encrypted for your key (2 recipients");
    Node cut = n.toBuilder().setData(n.getData().substring(0, KeyEnvelope.BYTES + 5)).build();
    assertThatThrownBy(() -> SealedFiles.unwrap(cut, a))
        .hasMessageContaining("not a multiple of 117");
  }

  @Test
  void openFileRoundTripsAndRefusesAnyFlippedByte() throws Exception {
    byte[] plain = new byte[150_000];
    new Random(1).nextBytes(plain);
    DataKey key = DataKey.generate();
    byte[] object = EncryptedObject.seal(plain, key);
    Path enc = dir.resolve("obj");
    Files.write(enc, object);
    Path out = dir.resolve("plain");
    assertThat(SealedFiles.openFile(enc, out, key)).isEqualTo(plain.length);
    assertThat(Files.readAllBytes(out)).isEqualTo(plain);

    for (int at : new int[] {3, 40, object.length / 2, object.length - 1}) {
      byte[] t = object.clone();
      t[at] ^= 0x20;
      Files.write(enc, t);
      assertThatThrownBy(() -> SealedFiles.openFile(enc, dir.resolve("x"), key))
          .as("byte %d", at)
          .isInstanceOf(DecryptionException.class);
    }
    Files.write(enc, java.util.Arrays.copyOf(object, object.length - 16));
    assertThatThrownBy(() -> SealedFiles.openFile(enc, dir.resolve("y"), key))
        .hasMessageContaining("truncated or extended");
    Files.write(enc, object);
    assertThatThrownBy(() -> SealedFiles.openFile(enc, dir.resolve("z"), DataKey.generate()))
        .hasMessageContaining("failed authentication");
  }
}
