package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.protocol.cid.Cid;
import io.vertx.grpc.common.GrpcStatus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The gateway's pure parts: ranges, routes, CID detection, content types; the status table. */
class HttpGatewayTest {
  @Test
  void ranges() {
    assertThat(HttpGateway.parseRange("bytes=0-99", 1000)).containsExactly(0, 99);
    assertThat(HttpGateway.parseRange("bytes=900-", 1000)).containsExactly(900, 999);
    assertThat(HttpGateway.parseRange("bytes=900-5000", 1000)).containsExactly(900, 999);
    assertThat(HttpGateway.parseRange("bytes=-100", 1000)).containsExactly(900, 999);
    assertThat(HttpGateway.parseRange("bytes=-5000", 1000)).containsExactly(0, 999);
    assertThat(HttpGateway.parseRange("bytes=1000-", 1000)).isNull();
    assertThat(HttpGateway.parseRange("bytes=5-4", 1000)).isNull();
    assertThat(HttpGateway.parseRange("bytes=-0", 1000)).isNull();
    assertThat(HttpGateway.parseRange("bytes=0-1,5-6", 1000)).isNull();
    assertThat(HttpGateway.parseRange("items=0-1", 1000)).isNull();
    assertThat(HttpGateway.parseRange("bytes=99999999999999999999-", 1000)).isNull();
  }

  @Property(tries = 500)
  void aSatisfiableRangeStaysInsideTheContent(
      @ForAll @LongRange(min = 1, max = 1L << 40) long size,
      @ForAll @LongRange(min = 0, max = 1L << 41) long a,
      @ForAll @LongRange(min = 0, max = 1L << 41) long b) {
    long[] r = HttpGateway.parseRange("bytes=" + a + "-" + b, size);
    if (r != null) {
      assertThat(r[0]).isEqualTo(a).isLessThanOrEqualTo(r[1]);
      assertThat(r[1]).isLessThan(size).isLessThanOrEqualTo(b);
    } else {
      assertThat(a > b || a >= size).isTrue();
    }
  }

  @Test
  void routesCidsAndTypes() {
    String cid = Cid.compute(Cid.Codec.RAW, new byte[] {1}).toString();
    assertThat(HttpGateway.matches("/1/" + cid)).isTrue();
    assertThat(HttpGateway.matches("/101061n/x")).isTrue();
    assertThat(HttpGateway.matches("/file.FileApi/getFile")).isFalse();
    assertThat(HttpGateway.matches("/info")).isFalse();
    assertThat(HttpGateway.asCid(cid.toUpperCase())).isEqualTo(Cid.parse(cid));
    assertThat(HttpGateway.asCid("my-name")).isNull();
    assertThat(HttpGateway.typeByName("assets/bg.JPG")).isEqualTo("image/jpeg");
    assertThat(HttpGateway.typeByName("README")).isNull();
    assertThat(HttpGateway.typeByName("archive.tar.xz")).isNull();
    assertThat(HttpGateway.typeByName(null)).isNull();
    assertThat(HttpEdgeVerticle.isGrpcWebPath("/dag.DagApi/Get")).isTrue();
    assertThat(HttpEdgeVerticle.isGrpcWebPath("/1/abc")).isFalse();
  }

  @Test
  void statusTableUsesNonRetryableCodesForDeterministicRefusals() {
    assertThat(StatusMapping.of(EdgeException.noBucket(9)).grpc()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(StatusMapping.of(EdgeException.noBucket(9)).message()).isEqualTo("no bucket 9");
    assertThat(StatusMapping.of(EdgeException.denied("x")).http()).isEqualTo(403);
    assertThat(StatusMapping.of(EdgeException.unauthenticated("x")).grpc())
        .isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(StatusMapping.of(new io.ddc.protocol.cid.InvalidCidException("bad")).grpc())
        .isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(StatusMapping.of(new io.ddc.storage.PieceNotFoundException("gone")).http())
        .isEqualTo(404);
    assertThat(StatusMapping.of(new IllegalStateException("bug")).grpc())
        .isEqualTo(GrpcStatus.INTERNAL);
    assertThat(WebGrpcCall.percentEncode("no bucket 9: 100%\n"))
        .isEqualTo("no bucket 9: 100%25%0A");
  }
}
