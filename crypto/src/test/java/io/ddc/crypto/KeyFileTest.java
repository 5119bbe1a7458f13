package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  private static final String ROOT =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  @Test
  void writesOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("root.json");
    KeyFile.ofSecretUri(ROOT, KeyScheme.SR25519, Ss58.CERE_PREFIX).write(f);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    KeyFile k = KeyFile.read(f);
    assertThat(k.ss58Address()).isEqualTo("6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP");
    assertThat(k.scheme()).isEqualTo(KeyScheme.SR25519);
    assertThat(k.toString()).doesNotContain("hybrid");
    assertThat(Files.readString(f))
        .contains(
            "\"publicKey\": \"0x2c1a7cdeff55c046bc85c3a969c372ef85290c122a9c5636b3232740c3a38245\"");
    assertThatThrownBy(() -> KeyFile.ofSeed(new byte[32], KeyScheme.ED25519, 42).write(f))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void refusesFilesOthersCanRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("k.json");
    Files.writeString(f, KeyFile.ofSeed(new byte[32], KeyScheme.ED25519, 54).toJson());
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFile.read(f))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void rejectsMismatchesAndMalformedFiles() {
    String good = KeyFile.ofSecretUri("//Alice", KeyScheme.ED25519, 54).toJson();
    assertThat(KeyFile.parse(good).publicKey())
        .isEqualTo(Keys.fromUri("//Alice", KeyScheme.ED25519).publicKey());
    assertThatThrownBy(() -> KeyFile.parse(good.replace("//Alice", "//Bob")))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("not the stated");
    assertThatThrownBy(() -> KeyFile.parse(good.replace("ed25519", "sr25519")))
        .isInstanceOf(InvalidKeyFileException.class);
    assertThatThrownBy(() -> KeyFile.parse(good.replace("\"version\": 1", "\"version\": 2")))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> KeyFile.parse(good.replace("\"secretUri\"", "\"secret\"")))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> KeyFile.parse(good.substring(0, good.length() - 3)))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("JSON");
    String seed = KeyFile.ofSeed(new byte[32], KeyScheme.SR25519, 42).toJson();
    assertThat(seed).contains("\"secretSeed\": \"0x" + "00".repeat(32) + "\"");
    assertThat(KeyFile.parse(seed).ss58Prefix()).isEqualTo(42);
  }

  @Property(tries = 300)
  void garbageRaisesOnlyInvalidKeyFile(@ForAll String text) {
    try {
      KeyFile.parse(text);
    } catch (InvalidKeyFileException expected) {
      // the documented failure
    }
  }

  @Property(tries = 100)
  void secretUrisWithAnyCharactersRoundTrip(@ForAll String password) {
    KeyFile k = KeyFile.ofSecretUri("//Alice///" + password, KeyScheme.SR25519, 54);
    assertThat(KeyFile.parse(k.toJson()).publicKey()).isEqualTo(k.publicKey());
  }
}
