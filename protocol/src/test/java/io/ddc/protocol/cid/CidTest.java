package io.ddc.protocol.cid;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CidTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rawPieceVector6() {
    Cid cid = Cid.compute(Cid.Codec.RAW, "Hello DDC".getBytes(US_ASCII));
    assertThat(HEX.formatHex(cid.digest()))
        .isEqualTo("049c8a398ca27f1b2cdd5d78e29646949e2b9d66fec5b1569d6c5e3cd4422a89");
    assertThat(cid).hasToString("baebb4iaetsfdtdfcp4nszxk5pdrjmruutyvz2zx6ywyvnhlmly6niqrkre");
  }

  @Test
  void dagNodeVector5AndDerived() {
    Cid hello = Cid.compute(Cid.Codec.DAG_NODE, HEX.parseHex("0a0948656c6c6f20444443"));
    assertThat(hello).hasToString("baear4iejt372x5dgt6jgp7zltx7eq2dfanbqieiqcqwlnzs6vv666pbnxm");
    Cid empty = Cid.compute(Cid.Codec.DAG_NODE, new byte[0]);
    assertThat(empty).hasToString("baear4ifpcne3t5pzugtkaqcn5i3nzskjtpfslsnnyejlpte2spfoihzsmi");
    Cid root =
        Cid.compute(
            Cid.Codec.DAG_NODE,
            HEX.parseHex(
                "0a04526f6f74122e0a2401021e20a1aac0a5ca0ae12fa6eae5018e78a87b08606eec7a1d39219a59fd1179ebb81512046c65616618041a060a016b120176"));
    assertThat(root).hasToString("baear4ibshuwujv2mytudlpz7zrpc5amgzvoz3ajaqtotjgklimknn5q5aq");
  }

  @Test
  void multipartDerivedD3() {
    Cid cid = Cid.compute(Cid.Codec.MULTIPART, "Hello DDC".getBytes(US_ASCII));
    assertThat(cid).hasToString("baebr4iaetsfdtdfcp4nszxk5pdrjmruutyvz2zx6ywyvnhlmly6niqrkre");
  }

  @Test
  void parsesTheProductionTextForms() {
    Cid c = Cid.parse("baebb4igympzgyi6uwiqff6dgfaeykgeg6c6uyhlkuxbtows65k5sj7pwqu");
    assertThat(c.codec()).isEqualTo(Cid.Codec.RAW);
    assertThat(HEX.formatHex(c.digest()))
        .isEqualTo("d863f26c23d4b22052f8662809851886f0bd4c1d6aa5c3375a5eeabb24fdf685");
    assertThat(Cid.parse(c.toString().toUpperCase().replaceFirst("^B", "b"), true)).isEqualTo(c);
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> Cid.parse("zabc")).isInstanceOf(InvalidCidException.class);
    assertThatThrownBy(() -> Cid.parse("baebb4i")).isInstanceOf(InvalidCidException.class);
    assertThatThrownBy(
            () -> Cid.parse("baebb4igympzgyi6uwiqff6dgfaeykgeg6c6uyhlkuxbtows65k5sj7pwq1"))
        .isInstanceOf(InvalidCidException.class);
    assertThatThrownBy(() -> Cid.fromBytes(new byte[36])).isInstanceOf(InvalidCidException.class);
  }

  @Property
  void textRoundTrip(@ForAll @Size(32) byte[] digest, @ForAll Cid.Codec codec) {
    Cid c = Cid.of(codec, digest);
    assertThat(Cid.parse(c.toString())).isEqualTo(c);
    assertThat(Cid.fromBytes(c.toBytes())).isEqualTo(c);
    assertThat(c.toString()).hasSize(59);
  }
}
