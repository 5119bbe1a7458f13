package io.ddc.client.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CereTest {
  @Test
  void parsesPlanckAndCereWithSuffix() {
    assertThat(Cere.parse("2000000000000", "AMOUNT")).isEqualTo(new BigInteger("2000000000000"));
    assertThat(Cere.parse("200CERE", "AMOUNT")).isEqualTo(new BigInteger("2000000000000"));
    assertThat(Cere.parse(" 1.5 cere ", "AMOUNT")).isEqualTo(new BigInteger("15000000000"));
    assertThat(Cere.parse("0.0000000001CERE", "AMOUNT")).isEqualTo(BigInteger.ONE);
  }

  @Test
  void refusesFractionsOfAPlanckZeroAndText() {
    assertThatThrownBy(() -> Cere.parse("0.00000000001CERE", "AMOUNT"))
        .hasMessageContaining("AMOUNT is planck");
    assertThatThrownBy(() -> Cere.parse("0", "AMOUNT"))
        .hasMessage("AMOUNT must be positive, '0' given");
    assertThatThrownBy(() -> Cere.parse("ten", "--bond")).hasMessageContaining("'ten' given");
  }

  @Test
  void formatsWithoutTrailingZeros() {
    assertThat(Cere.format(new BigInteger("125000000000"))).isEqualTo("12.5 CERE");
    assertThat(Cere.format(BigInteger.ZERO)).isEqualTo("0 CERE");
    assertThat(Cere.format(BigInteger.ONE)).isEqualTo("0.0000000001 CERE");
  }
}
