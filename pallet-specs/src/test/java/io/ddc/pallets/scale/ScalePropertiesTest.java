package io.ddc.pallets.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** decode(encode(v)) = v for every codec; truncation and garbage fail with ScaleException only. */
class ScalePropertiesTest {
  sealed interface Shape {}

  record Circle(long radius) implements Shape {}

  record Rect(int w, Optional<String> label) implements Shape {}

  record Dot() implements Shape {}

  static final Dot DOT = new Dot();

  static final EnumCodec<Shape> SHAPE =
      EnumCodec.<Shape>named("Shape")
          .variant(0, Circle.class, Scale.COMPACT_LONG.map(Circle::new, Circle::radius))
          .variant(
              3,
              Rect.class,
              Scale.tuple(Scale.U16, Scale.option(Scale.STRING))
                  .map(t -> new Rect(t.a(), t.b()), r -> new Tuple2<>(r.w(), r.label())))
          .unit(7, Dot.class, DOT);

  /** A composite that exercises every combinator. */
  record Composite(
      List<Shape> shapes,
      SortedMap<Long, BigInteger> balances,
      ScaleResult<Tuple3<Boolean, Long, Byte>, String> outcome,
      Optional<Boolean> flag,
      List<Integer> fixed) {}

  static final Codec<Composite> COMPOSITE = compositeCodec();

  private static Codec<Composite> compositeCodec() {
    Codec<List<Shape>> shapes = Scale.vec(SHAPE);
    Codec<SortedMap<Long, BigInteger>> balances =
        Scale.map(Scale.U64, Scale.U128, Long::compareUnsigned);
    Codec<ScaleResult<Tuple3<Boolean, Long, Byte>, String>> outcome =
        Scale.result(Scale.tuple(Scale.BOOL, Scale.U32, Scale.I8), Scale.STRING);
    Codec<List<Integer>> fixed = Scale.array(Scale.U8, 4);
    return Codec.of(
        (v, w) -> {
          shapes.encode(v.shapes(), w);
          balances.encode(v.balances(), w);
          outcome.encode(v.outcome(), w);
          Scale.OPTION_BOOL.encode(v.flag(), w);
          fixed.encode(v.fixed(), w);
        },
        r ->
            new Composite(
                shapes.decode(r),
                balances.decode(r),
                outcome.decode(r),
                Scale.OPTION_BOOL.decode(r),
                fixed.decode(r)));
  }

  @Provide
  Arbitrary<BigInteger> u128s() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE))
        .edgeCases(
            e ->
                e.includeOnly(
                    BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
  }

  @Provide
  Arbitrary<Shape> shapes() {
    return Arbitraries.oneOf(
        Arbitraries.longs().greaterOrEqual(0).map(Circle::new),
        Combinators.combine(
                Arbitraries.integers().between(0, 0xffff),
                Arbitraries.strings().ofMaxLength(20).optional())
            .as(Rect::new),
        Arbitraries.just(DOT));
  }

  @Provide
  Arbitrary<Composite> composites() {
    Arbitrary<SortedMap<Long, BigInteger>> maps =
        Arbitraries.maps(Arbitraries.longs(), u128s())
            .ofMaxSize(5)
            .map(
                m -> {
                  SortedMap<Long, BigInteger> t = new TreeMap<>(Long::compareUnsigned);
                  t.putAll(m);
                  return t;
                });
    Arbitrary<ScaleResult<Tuple3<Boolean, Long, Byte>, String>> outcomes =
        Arbitraries.oneOf(
            Combinators.combine(
                    Arbitraries.of(true, false),
                    Arbitraries.longs().between(0, 0xffff_ffffL),
                    Arbitraries.bytes())
                .as((a, b, c) -> ScaleResult.ok(new Tuple3<>(a, b, c))),
            Arbitraries.strings().ofMaxLength(10).map(ScaleResult::err));
    return Combinators.combine(
            shapes().list().ofMaxSize(6),
            maps,
            outcomes,
            Arbitraries.of(true, false).optional(),
            Arbitraries.integers().between(0, 255).list().ofSize(4))
        .as(Composite::new);
  }

  @Property
  void compactRoundTrips(@ForAll("u128s") BigInteger v) {
    byte[] enc = Scale.COMPACT.toBytes(v);
    assertThat(Scale.COMPACT.fromBytes(enc)).isEqualTo(v);
    if (v.bitLength() < 63) {
      assertThat(Scale.COMPACT_LONG.toBytes(v.longValue())).isEqualTo(enc);
    }
  }

  @Property
  void fixedIntegersRoundTrip(
      @ForAll long x, @ForAll("u128s") BigInteger big, @ForAll short s, @ForAll byte b) {
    assertThat(Scale.U64.fromBytes(Scale.U64.toBytes(x))).isEqualTo(x);
    assertThat(Scale.U32.fromBytes(Scale.U32.toBytes(x & 0xffff_ffffL)))
        .isEqualTo(x & 0xffff_ffffL);
    assertThat(Scale.U128.fromBytes(Scale.U128.toBytes(big))).isEqualTo(big);
    BigInteger signed = big.subtract(BigInteger.ONE.shiftLeft(127));
    assertThat(Scale.I128.fromBytes(Scale.I128.toBytes(signed))).isEqualTo(signed);
    assertThat(Scale.I16.fromBytes(Scale.I16.toBytes(s))).isEqualTo(s);
    assertThat(Scale.I8.fromBytes(Scale.I8.toBytes(b))).isEqualTo(b);
  }

  @Property
  void bytesAndStringsRoundTrip(@ForAll @Size(max = 300) byte[] raw, @ForAll String s) {
    assertThat(Scale.BYTES.fromBytes(Scale.BYTES.toBytes(raw))).isEqualTo(raw);
    assertThat(Scale.fixedBytes(raw.length).fromBytes(raw)).isEqualTo(raw);
    assertThat(Scale.STRING.fromBytes(Scale.STRING.toBytes(s))).isEqualTo(s);
  }

  @Property
  void compositesRoundTrip(@ForAll("composites") Composite c) {
    assertThat(COMPOSITE.fromBytes(COMPOSITE.toBytes(c))).isEqualTo(c);
  }

  @Property
  void truncatedInputFails(@ForAll("composites") Composite c, @ForAll int cut) {
    byte[] enc = COMPOSITE.toBytes(c);
    int keep = Math.floorMod(cut, enc.length);
    assertThatThrownBy(() -> COMPOSITE.fromBytes(Arrays.copyOf(enc, keep)))
        .isInstanceOf(ScaleException.class);
  }

  @Property
  void trailingBytesFail(@ForAll("composites") Composite c, @ForAll byte extra) {
    byte[] enc = COMPOSITE.toBytes(c);
    byte[] longer = Arrays.copyOf(enc, enc.length + 1);
    longer[enc.length] = extra;
    assertThatThrownBy(() -> COMPOSITE.fromBytes(longer)).isInstanceOf(ScaleException.class);
  }

  @Property(tries = 2000)
  void garbageDecodesOrFailsCleanly(@ForAll @Size(max = 64) byte[] garbage) {
    for (Codec<?> c :
        List.of(COMPOSITE, Scale.vec(Scale.vec(Scale.U128)), Scale.STRING, Scale.COMPACT, SHAPE)) {
      try {
        c.fromBytes(garbage);
      } catch (ScaleException expected) {
        // the only failure allowed
      }
    }
  }
}
