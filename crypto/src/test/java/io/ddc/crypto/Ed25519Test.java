package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] TOKEN1_MESSAGE = HEX.parseHex("120f180020012a0202013080d095ffbc31");
  private static final String TOKEN1_SIGNATURE =
      "19062584e53ca1c1197d1a2be4b455f597d96a343321bf3ffce03854b18964f9"
          + "129c3a7bff271e97383f95165622634b971fd9da7e45e0ad7890b3b781570500";

  @Test
  void devKeysMatchTheGoldenVectors() {
    assertThat(HEX.formatHex(Keys.fromUri("//Alice", KeyScheme.ED25519).publicKey()))
        .isEqualTo("88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
    assertThat(HEX.formatHex(Keys.fromUri("//Bob", KeyScheme.ED25519).publicKey()))
        .isEqualTo("d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69");
  }

  @Test
  void bearerTokenSignatureIsByteExact() {
    // node-protocol.md [1]: deterministic RFC 8032 signature by //Alice ed25519
    KeyPair alice = Keys.fromUri("//Alice", KeyScheme.ED25519);
    assertThat(HEX.formatHex(alice.sign(TOKEN1_MESSAGE))).isEqualTo(TOKEN1_SIGNATURE);
    assertThat(
            Signatures.verify(
                KeyScheme.ED25519,
                alice.publicKey(),
                TOKEN1_MESSAGE,
                HEX.parseHex(TOKEN1_SIGNATURE)))
        .isTrue();
  }

  @Test
  void delegationGrantVerifiesWithAlice() {
    // node-protocol.md [3]: the grant payload signed by //Alice ed25519
    byte[] signed =
        HEX.parseHex(
            "12301220d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69180020022a01023080d095ffbc31");
    byte[] sig =
        HEX.parseHex(
            "aba43466b023574ef1bc4b13fba61c525145032fd8b453e2954aef5e14e12325"
                + "ff78be60aab6396ece1510855972fd845229329028ec53195a0d4a46594fc403");
    byte[] alice = Keys.fromUri("//Alice", KeyScheme.ED25519).publicKey();
    assertThat(Signatures.verify(KeyScheme.ED25519, alice, signed, sig)).isTrue();
    assertThat(Keys.fromUri("//Alice", KeyScheme.ED25519).sign(signed)).isEqualTo(sig);
  }

  @Test
  void remainingTokenAndActivityVectorsAreByteExact() {
    KeyPair alice = Keys.fromUri("//Alice", KeyScheme.ED25519);
    KeyPair bob = Keys.fromUri("//Bob", KeyScheme.ED25519);
    // [2] SDK full-access token
    assertThat(HEX.formatHex(alice.sign(HEX.parseHex("120e18002a030201033080d095ffbc31"))))
        .isEqualTo(
            "36eefb2bbe8f95e51d13f320d0e106482c21904351ae7812ad0a170020c94723"
                + "f043e8c76acfecab2fc630cd7078e616bef8c22fc6b706d3cada6f5596ffeb0e");
    // [3] the outer token Bob signs over the wrapped grant
    String outer =
        "12a9010a98010a64122088dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee1a40"
            + "aba43466b023574ef1bc4b13fba61c525145032fd8b453e2954aef5e14e12325ff78be60aab6396ece151085"
            + "5972fd845229329028ec53195a0d4a46594fc40312301220d17c2d7823ebf260fd138f2d7e27d114c0145d96"
            + "8b5ff5006125f2414fadae69180020022a01023080d095ffbc31180020022a01023080d095ffbc31";
    assertThat(HEX.formatHex(bob.sign(HEX.parseHex(outer))))
        .isEqualTo(
            "f99397937ee187dba2af9ff206006a5d54cab692f0674d7a531b161bd00e831c"
                + "23214cae2917e3e9e0e88ab938d987b3e9f9301b1797490067cb09f3ca99710b");
    // [4] ActivityRequest: the base64 request is the signed bytes, then 52 64 12 20 <pub> 1a 40
    // <sig>
    byte[] request =
        java.util.Base64.getDecoder()
            .decode(
                "EiQwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAYASgBMiQBAh4goarApcoK4S+m6uUBjnioew"
                    + "hgbux6HTkhmln9EXnruBU4gIABQICAAkiA0JX/vDFSZBIgiNw0F9UFjsS0UD4MEuoaCom+IA/piSJCPUM0AU"
                    + "+msO4aQFcJAae3p6L9oEibDUsyxGPc7BS97oAWUOZ1o4JvRHS5hK2Ykwh526ndqSGkxSJMkdGXTDo9F3ullP"
                    + "gmsqF3QQ8=");
    byte[] signed = java.util.Arrays.copyOf(request, request.length - 102);
    byte[] sig = java.util.Arrays.copyOfRange(request, request.length - 64, request.length);
    assertThat(HEX.formatHex(signed)).startsWith("12243030303030303030").endsWith("4880d095ffbc31");
    assertThat(alice.sign(signed)).isEqualTo(sig);
    assertThat(Signatures.verify(KeyScheme.ED25519, alice.publicKey(), signed, sig)).isTrue();
  }

  @Test
  void wrappedMessagesVerifyThroughTheFallback() {
    KeyPair k = Keys.fromUri("//Bob", KeyScheme.ED25519);
    byte[] sig = k.sign(Signatures.wrapBytes(TOKEN1_MESSAGE));
    assertThat(Signatures.verify(KeyScheme.ED25519, k.publicKey(), TOKEN1_MESSAGE, sig)).isFalse();
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.ED25519, k.publicKey(), TOKEN1_MESSAGE, sig))
        .isTrue();
  }

  @Test
  void softDerivationIsRefused() {
    assertThatThrownBy(() -> Keys.fromUri("//Alice/soft", KeyScheme.ED25519))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("hard");
  }
}
