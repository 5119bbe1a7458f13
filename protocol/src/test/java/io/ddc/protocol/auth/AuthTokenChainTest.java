package io.ddc.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.proto.auth.Operation;
import io.ddc.protocol.proto.common.Signature;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Golden vectors [1]–[4] and [8] of node-protocol.md §12. */
class AuthTokenChainTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] ALICE_ED =
      HEX.parseHex("88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
  static final byte[] BOB_ED =
      HEX.parseHex("d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69");

  static final String V1_BASE58 =
      "KviZ7BXDwgUQe4xxxT3Q6L2bYgLKiDd9aXtiYCAGsPwpdBAibyjeXAsjF2iezxaJHw7299X71FKT2h5qM7y3yLpUKTm4Xbqu3uVx6hwurWq8CRpvhYB4eZ9XDQpH6z44pSKqJCuw8ZMsQRNPoCdgH8t1q84TSkB7eQ";
  static final String V3_OUTER =
      "0a641220d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae691a40f99397937ee187dba2af9ff206006a5d54cab692f0674d7a531b161bd00e831c23214cae2917e3e9e0e88ab938d987b3e9f9301b1797490067cb09f3ca99710b12a9010a98010a64122088dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee1a40aba43466b023574ef1bc4b13fba61c525145032fd8b453e2954aef5e14e12325ff78be60aab6396ece1510855972fd845229329028ec53195a0d4a46594fc40312301220d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69180020022a01023080d095ffbc31180020022a01023080d095ffbc31";

  static boolean verifies(AuthTokenChain.Token t) {
    Signature s = t.signature();
    return Signatures.verifyRawOrWrapped(
        KeyScheme.ofSignatureTypeIndex(s.getAlgorithmValue()),
        s.getSigner().toByteArray(),
        t.signedMessage(),
        s.getValue().toByteArray());
  }

  @Test
  void bearerTokenVector1() {
    AuthTokenChain chain = AuthTokenChain.fromBase58(V1_BASE58);
    assertThat(chain.tokens()).hasSize(1);
    AuthTokenChain.Token t = chain.outermost();
    assertThat(HEX.formatHex(t.signedMessage())).isEqualTo("120f180020012a0202013080d095ffbc31");
    assertThat(t.payload().hasCanDelegate()).isTrue();
    assertThat(t.payload().getCanDelegate()).isFalse();
    assertThat(t.payload().getBucketId()).isEqualTo(1);
    assertThat(t.payload().getOperationsList()).containsExactly(Operation.GET, Operation.PUT);
    assertThat(t.payload().getExpiresAt()).isEqualTo(1_700_000_000_000L);
    assertThat(t.payload().hasSubject()).isFalse();
    assertThat(t.signature().getSigner().toByteArray()).isEqualTo(ALICE_ED);
    assertThat(verifies(t)).isTrue();
  }

  @Test
  void fullAccessTokenVector2() {
    AuthTokenChain chain =
        AuthTokenChain.parse(
            HEX.parseHex(
                "0a64122088dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee1a4036eefb2bbe8f95e51d13f320d0e106482c21904351ae7812ad0a170020c94723f043e8c76acfecab2fc630cd7078e616bef8c22fc6b706d3cada6f5596ffeb0e120e18002a030201033080d095ffbc31"));
    AuthTokenChain.Token t = chain.outermost();
    assertThat(HEX.formatHex(t.signedMessage())).isEqualTo("120e18002a030201033080d095ffbc31");
    assertThat(t.payload().hasBucketId()).isFalse();
    assertThat(t.payload().getOperationsList())
        .containsExactly(Operation.GET, Operation.PUT, Operation.DELETE);
    assertThat(verifies(t)).isTrue();
  }

  @Test
  void delegationVector3() {
    AuthTokenChain chain = AuthTokenChain.parse(HEX.parseHex(V3_OUTER));
    assertThat(chain.tokens()).hasSize(2);
    AuthTokenChain.Token outer = chain.outermost();
    AuthTokenChain.Token grant = chain.root();
    assertThat(HEX.formatHex(outer.signedMessage())).startsWith("12a9010a98010a64");
    assertThat(outer.signature().getSigner().toByteArray()).isEqualTo(BOB_ED);
    assertThat(grant.signature().getSigner().toByteArray()).isEqualTo(ALICE_ED);
    assertThat(grant.payload().getSubject().toByteArray()).isEqualTo(BOB_ED);
    assertThat(outer.payload().hasSubject()).isFalse();
    assertThat(outer.payload().getBucketId()).isEqualTo(2);
    assertThat(grant.payload().getOperationsList()).containsExactly(Operation.GET);
    assertThat(verifies(outer)).isTrue();
    assertThat(verifies(grant)).isTrue();
  }

  @Test
  void flippedByteFailsVerification() {
    byte[] raw = HEX.parseHex(V3_OUTER);
    raw[raw.length - 1] ^= 1; // the outer expiresAt
    AuthTokenChain chain = AuthTokenChain.parse(raw);
    assertThat(verifies(chain.outermost())).isFalse();
    assertThat(verifies(chain.root())).isTrue();
  }

  @Test
  void activityRequestAndAckVector4() {
    byte[] request =
        Base64.getDecoder()
            .decode(
                "EiQwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAYASgBMiQBAh4goarApcoK4S+m6uUBjnioewhgbux6HTkhmln9EXnruBU4gIABQICAAkiA0JX/vDFSZBIgiNw0F9UFjsS0UD4MEuoaCom+IA/piSJCPUM0AU+msO4aQFcJAae3p6L9oEibDUsyxGPc7BS97oAWUOZ1o4JvRHS5hK2Ykwh526ndqSGkxSJMkdGXTDo9F3ullPgmsqF3QQ8=");
    byte[] signed = SignedBytes.withoutField(request, SignedBytes.ACTIVITY_REQUEST_SIGNATURE);
    assertThat(HEX.formatHex(signed))
        .isEqualTo(
            "122430303030303030302d303030302d343030302d383030302d30303030303030303030303018012801322401021e20a1aac0a5ca0ae12fa6eae5018e78a87b08606eec7a1d39219a59fd1179ebb81538808001408080024880d095ffbc31");
  }

  @Test
  void sr25519RawAndWrappedVector8() {
    byte[] aliceSr =
        HEX.parseHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
    byte[] msg = HEX.parseHex("120f180020012a0202013080d095ffbc31");
    byte[] raw =
        HEX.parseHex(
            "e8be024a42b418b835e2e5ce6df16db7404eda8df7125428b202369a8bd8894034bc0810859e6b83b7212b5afe357b1da27dd3629a204d86fdb649c45b007388");
    byte[] wrapped =
        HEX.parseHex(
            "7ae969e4ff37a705ceb3b64773b5342d3dd3fd250da26ef9a31c2b613f130143c121ccdde8e2836a6127ef2e709182449869b9e247367739963e953145bc058c");
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.SR25519, aliceSr, msg, raw)).isTrue();
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.SR25519, aliceSr, msg, wrapped)).isTrue();
    assertThat(Signatures.verify(KeyScheme.SR25519, aliceSr, msg, wrapped)).isFalse();
    wrapped[63] &= 0x7f; // schnorrkel marker cleared
    assertThat(Signatures.verifyRawOrWrapped(KeyScheme.SR25519, aliceSr, msg, wrapped)).isFalse();
  }

  @Test
  void garbageIsRejected() {
    assertThatThrownBy(() -> AuthTokenChain.fromBase58("0OIl"))
        .isInstanceOf(InvalidMessageException.class);
    assertThatThrownBy(() -> AuthTokenChain.parse(new byte[] {0x0a, 0x05, 1}))
        .isInstanceOf(InvalidMessageException.class);
    assertThatThrownBy(() -> AuthTokenChain.parse(new byte[0]))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("no payload");
  }

  @Property(tries = 300)
  void arbitraryBytesThrowOnlyOurException(@ForAll byte[] garbage) {
    try {
      AuthTokenChain c = AuthTokenChain.parse(garbage);
      assertThat(c.tokens()).isNotEmpty();
    } catch (InvalidMessageException expected) {
      // the only failure allowed
    }
    try {
      SignedBytes.withoutField(garbage, 10);
    } catch (InvalidMessageException expected) {
      // the only failure allowed
    }
  }
}
