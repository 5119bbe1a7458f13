package io.ddc.pallets.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Encodings from parity-scale-codec's documentation and tests, byte for byte. */
class ScaleGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  private static <T> void golden(Codec<T> c, T value, String hex) {
    assertThat(HEX.formatHex(c.toBytes(value))).isEqualTo(hex);
    assertThat(c.fromBytes(HEX.parseHex(hex))).isEqualTo(value);
  }

  @Test
  void compactIntegers() {
    golden(Scale.COMPACT_LONG, 0L, "00");
    golden(Scale.COMPACT_LONG, 1L, "04");
    golden(Scale.COMPACT_LONG, 42L, "a8");
    golden(Scale.COMPACT_LONG, 63L, "fc");
    golden(Scale.COMPACT_LONG, 64L, "0101");
    golden(Scale.COMPACT_LONG, 69L, "1501");
    golden(Scale.COMPACT_LONG, 16383L, "fdff");
    golden(Scale.COMPACT_LONG, 16384L, "02000100");
    golden(Scale.COMPACT_LONG, 65535L, "feff0300");
    golden(Scale.COMPACT_LONG, (1L << 30) - 1, "feffffff");
    golden(Scale.COMPACT_LONG, 1L << 30, "0300000040");
    golden(Scale.COMPACT_LONG, 0xffff_ffffL, "03ffffffff");
    golden(Scale.COMPACT_LONG, 100000000000000L, "0b00407a10f35a");
    golden(
        Scale.COMPACT, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), "13ffffffffffffffff");
    golden(
        Scale.COMPACT,
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
        "33" + "ff".repeat(16));
    // 100 CERE, the deposit in chain.md's golden call encodings
    golden(Scale.COMPACT, BigInteger.valueOf(1_000_000_000_000L), "070010a5d4e8");
  }

  @Test
  void nonCanonicalCompactIsRefused() {
    for (String hex :
        List.of("0100", "02000000", "0300000000", "03ffffff3f", "07ffffffff00", "070000000000")) {
      assertThatThrownBy(() -> Scale.COMPACT.fromBytes(HEX.parseHex(hex)))
          .isInstanceOf(ScaleException.class);
      assertThatThrownBy(() -> Scale.COMPACT_LONG.fromBytes(HEX.parseHex(hex)))
          .isInstanceOf(ScaleException.class);
    }
    assertThatThrownBy(() -> Scale.COMPACT_LONG.fromBytes(HEX.parseHex("13ffffffffffffffff")))
        .isInstanceOf(ScaleException.class);
  }

  @Test
  void fixedWidthIntegers() {
    golden(Scale.I16, (short) -1, "ffff");
    golden(Scale.U32, 16777215L, "ffffff00");
    golden(Scale.U64, -1L, "ffffffffffffffff");
    golden(Scale.I128, BigInteger.valueOf(-2), "fe" + "ff".repeat(15));
    golden(Scale.U128, BigInteger.valueOf(1), "01" + "00".repeat(15));
  }

  @Test
  void optionsResultsVecsStrings() {
    golden(Scale.OPTION_BOOL, Optional.empty(), "00");
    golden(Scale.OPTION_BOOL, Optional.of(true), "01");
    golden(Scale.OPTION_BOOL, Optional.of(false), "02");
    golden(Scale.option(Scale.U32), Optional.of(1L), "0101000000");
    golden(Scale.result(Scale.U8, Scale.BOOL), ScaleResult.ok(42), "002a");
    golden(Scale.result(Scale.U8, Scale.BOOL), ScaleResult.err(false), "0100");
    golden(Scale.vec(Scale.U16), List.of(4, 8, 15, 16, 23, 42), "18040008000f00100017002a00");
    golden(Scale.STRING, "Hello", "1448656c6c6f");
    golden(Scale.tuple(Scale.COMPACT_LONG, Scale.BOOL), new Tuple2<>(3L, false), "0c00");
    golden(Scale.array(Scale.U8, 3), List.of(1, 2, 3), "010203");
    TreeMap<Long, Boolean> m = new TreeMap<>();
    m.put(2L, true);
    m.put(1L, false);
    golden(
        Scale.map(Scale.U32, Scale.BOOL, Long::compareUnsigned), m, "080100000000" + "0200000001");
    assertThatThrownBy(() -> Scale.option(Scale.BOOL)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strictValues() {
    assertThatThrownBy(() -> Scale.BOOL.fromBytes(HEX.parseHex("02")))
        .isInstanceOf(ScaleException.class);
    assertThatThrownBy(() -> Scale.option(Scale.U8).fromBytes(HEX.parseHex("0201")))
        .isInstanceOf(ScaleException.class);
    assertThatThrownBy(() -> Scale.STRING.fromBytes(HEX.parseHex("04ff")))
        .isInstanceOf(ScaleException.class);
    assertThatThrownBy(() -> Scale.U8.fromBytes(HEX.parseHex("0102")))
        .isInstanceOf(ScaleException.class);
    // a length far beyond the input fails before allocating
    assertThatThrownBy(() -> Scale.BYTES.fromBytes(HEX.parseHex("13ffffffffffffff7f")))
        .isInstanceOf(ScaleException.class);
    assertThatThrownBy(() -> Scale.vec(Scale.UNIT).fromBytes(HEX.parseHex("feffffff")))
        .isInstanceOf(ScaleException.class);
  }

  enum Mode {
    FULL,
    STORAGE,
    CACHE
  }

  @Test
  void explicitDiscriminants() {
    Codec<Mode> c = Scale.cEnum(Mode.class, 1, 2, 3);
    golden(c, Mode.FULL, "01");
    golden(c, Mode.CACHE, "03");
    assertThatThrownBy(() -> c.fromBytes(HEX.parseHex("00"))).isInstanceOf(ScaleException.class);
  }
}
