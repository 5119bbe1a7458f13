package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MnemonicTest {
  private static final String ROOT =
      "hybrid label reunion only dawn maze asset draft cousin height flock nation";

  @Test
  void bip39EntropyOfTheTrezorVector() {
    // BIP39 reference vector: entropy 00..00 (16 bytes) is "abandon ×11 about"
    String m =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    assertThat(Bip39.entropy(m)).isEqualTo(new byte[16]);
    assertThat(Bip39.fromEntropy(new byte[16])).isEqualTo(m);
    byte[] ff = new byte[32];
    java.util.Arrays.fill(ff, (byte) 0xff);
    assertThat(Bip39.fromEntropy(ff)).endsWith("zoo zoo zoo vote");
  }

  @Test
  void substrateSeedUsesEntropyNotWords() {
    // sp-core's dev phrase gives the well-known mini-secret of subkey's dev seed
    assertThat(HexFormat.of().formatHex(Keys.seedFromMnemonic(SecretUri.DEV_PHRASE, "")))
        .isEqualTo("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
  }

  @Test
  void rootMnemonicIsValidAndBadOnesAreNot() {
    assertThat(Keys.isValidMnemonic(ROOT)).isTrue();
    assertThatThrownBy(() -> Keys.fromUri(ROOT.replace("nation", "abandon"), KeyScheme.ED25519))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("checksum")
        .hasMessageNotContaining("hybrid");
    assertThatThrownBy(() -> Keys.fromUri(ROOT.replace("maze", "mazes"), KeyScheme.ED25519))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("word 6");
    assertThatThrownBy(() -> Keys.fromUri("hybrid label", KeyScheme.ED25519))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("2");
    assertThatThrownBy(() -> Keys.fromUri("0x1234", KeyScheme.ED25519))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void generatedMnemonicsAreValid() {
    for (int words : new int[] {12, 15, 18, 21, 24}) {
      String m = Keys.generateMnemonic(words);
      assertThat(m.split(" ")).hasSize(words);
      assertThat(Keys.isValidMnemonic(m)).isTrue();
    }
    assertThatThrownBy(() -> Keys.generateMnemonic(13))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void entropyRoundTrip(@ForAll @Size(16) byte[] e16, @ForAll @Size(32) byte[] e32) {
    assertThat(Bip39.entropy(Bip39.fromEntropy(e16))).isEqualTo(e16);
    assertThat(Bip39.entropy(Bip39.fromEntropy(e32))).isEqualTo(e32);
  }

  @Property(tries = 300)
  void arbitrarySecretUrisDeriveOrRaiseInvalidSecret(@ForAll String suri, @ForAll boolean sr25519) {
    KeyScheme scheme = sr25519 ? KeyScheme.SR25519 : KeyScheme.ED25519;
    try {
      assertThat(Keys.fromUri(suri, scheme).publicKey()).hasSize(32);
    } catch (InvalidSecretException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 100)
  void pathsOnDevAndHexSeedsAlwaysDerive(
      @ForAll("paths") String path, @ForAll @Size(32) byte[] seed) {
    assertThat(Keys.fromUri(path, KeyScheme.SR25519).publicKey()).hasSize(32);
    String hex = "0x" + HexFormat.of().formatHex(seed);
    assertThat(Keys.fromUri(hex + path, KeyScheme.SR25519).publicKey()).hasSize(32);
    assertThat(
            Keys.fromUri(hex + path.replaceAll("(?<!/)/(?!/)", "//"), KeyScheme.ED25519)
                .publicKey())
        .hasSize(32);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> paths() {
    net.jqwik.api.Arbitrary<String> junction =
        net.jqwik.api.Arbitraries.strings()
            .withCharRange('!', '~')
            .excludeChars('/')
            .ofMinLength(1)
            .ofMaxLength(40);
    net.jqwik.api.Arbitrary<String> step =
        net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.of("/", "//"), junction)
            .as(String::concat);
    return step.list().ofMaxSize(4).map(l -> String.join("", l));
  }

  @Test
  void junctionChainCodes() {
    // "Alice" is SCALE-encoded (compact length 5 = 0x14), then zero-padded
    assertThat(HexFormat.of().formatHex(SecretUri.chainCode("Alice")))
        .startsWith("14416c696365000000");
    // numbers are little-endian u64
    assertThat(HexFormat.of().formatHex(SecretUri.chainCode("1"))).startsWith("0100000000000000");
    SecretUri u = SecretUri.parse("foo bar//hard/soft///pass/word");
    assertThat(u.phrase()).isEqualTo("foo bar");
    assertThat(u.password()).isEqualTo("pass/word");
    assertThat(u.path()).extracting(SecretUri.Junction::hard).containsExactly(true, false);
    assertThat(u.toString()).doesNotContain("foo");
  }
}
