package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ss58Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void goldenAddressesWithPrefix54() {
    // node-protocol.md [K]
    check(
        "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee",
        "6Sc4tJiLHWaq5wUhdQ8GMLXHYk5e6TWoCmmN23A9pyVzqdGR");
    check(
        "d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69",
        "6UFHrZbMF6Sv8VFC3B6pwnPpv96qLXwCoE3KKfQhmXox4HZ2");
    check(
        "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
        "6UJs2Uj5hV2Jto7Z2FAhM2hXpvvQtcr4dwM6abKzMYQBHmpi");
    check(
        "2c1a7cdeff55c046bc85c3a969c372ef85290c122a9c5636b3232740c3a38245",
        "6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP");
  }

  @Test
  void genericPrefixOfAlice() {
    byte[] alice = HEX.parseHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
    assertThat(Ss58.encode(alice, Ss58.GENERIC_PREFIX))
        .isEqualTo("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  }

  private static void check(String pubHex, String address) {
    byte[] pub = HEX.parseHex(pubHex);
    assertThat(Ss58.encode(pub, Ss58.CERE_PREFIX)).isEqualTo(address);
    Ss58.Address decoded = Ss58.decode(address);
    assertThat(decoded.prefix()).isEqualTo(54);
    assertThat(decoded.publicKey()).isEqualTo(pub);
  }

  @Test
  void badInputsRaiseInvalidAddress() {
    String good = "6UJs2Uj5hV2Jto7Z2FAhM2hXpvvQtcr4dwM6abKzMYQBHmpi";
    assertThatThrownBy(() -> Ss58.decode(good.substring(0, 40) + "0"))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageContaining("base58 character");
    String flipped =
        good.substring(0, 10) + (good.charAt(10) == 'a' ? 'b' : 'a') + good.substring(11);
    assertThatThrownBy(() -> Ss58.decode(flipped)).isInstanceOf(InvalidAddressException.class);
    assertThatThrownBy(() -> Ss58.decode(good.substring(0, 20)))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> Ss58.decode("")).isInstanceOf(InvalidAddressException.class);
    assertThatThrownBy(() -> Ss58.encode(new byte[31], 54))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void decodeEncodeRoundTrip(
      @ForAll @Size(32) byte[] pub, @ForAll @IntRange(min = 0, max = 16383) int prefix) {
    Ss58.Address a = Ss58.decode(Ss58.encode(pub, prefix));
    assertThat(a.prefix()).isEqualTo(prefix);
    assertThat(a.publicKey()).isEqualTo(pub);
  }

  @Property(tries = 500)
  void garbageRaisesOnlyInvalidAddress(@ForAll String s) {
    try {
      Ss58.decode(s);
    } catch (InvalidAddressException expected) {
      // the documented failure
    }
  }

  @Property(tries = 300)
  void base58RoundTrip(@ForAll @Size(max = 80) byte[] data) {
    assertThat(Base58.decode(Base58.encode(data))).isEqualTo(data);
  }
}
