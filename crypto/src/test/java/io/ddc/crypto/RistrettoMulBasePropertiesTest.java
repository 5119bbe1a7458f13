package io.ddc.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The constant-time fixed-base multiplication against the variable-time double multiplication. */
class RistrettoMulBasePropertiesTest {

  @Property(tries = 200)
  void mulBaseAgreesWithTheVariableTimeLadder(@ForAll @Size(32) byte[] scalar) {
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = scalar[31 - i];
    }
    BigInteger s = new BigInteger(1, bigEndian); // any 256-bit value, group order or not
    Ristretto255.Point expected =
        Ristretto255.doubleScalarMulBaseVartime(BigInteger.ZERO, Ristretto255.BASE, s);
    assertThat(Ristretto255.encode(Ristretto255.mulBase(scalar)))
        .isEqualTo(Ristretto255.encode(expected));
  }
}
