package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class P2pAuthTest {
  private static final KeyPair KEY = Keys.generate(KeyScheme.ED25519);
  private static final String ID = HexFormat.of().formatHex(KEY.publicKey());
  private static final KeyPair RECEIVER = Keys.generate(KeyScheme.ED25519);
  private static final String RECEIVER_ID = HexFormat.of().formatHex(RECEIVER.publicKey());
  private static final P2pKeys RECEIVER_KEYS = new P2pKeys(RECEIVER);
  private static final String URI = "/ddc/p2p/v1/pieces/x?bucket=1";
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static MultiMap signed(long time) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    P2pAuth.sign(h, KEY, ID, "PUT", URI, time, "ab");
    return h;
  }

  private static MultiMap maced(long time) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    P2pAuth.mac(h, new P2pKeys(KEY), ID, RECEIVER_ID, "PUT", URI, time, "ab");
    return h;
  }

  @Test
  void messageLayoutFollowsTheSpec() {
    assertThat(new String(P2pAuth.message("GET", "/a?b=1", 5, "n", ""), StandardCharsets.UTF_8))
        .isEqualTo("DDC-P2P-1\nGET\n/a?b=1\n5\nn\n");
  }

  @Test
  void aSignedRequestFromAMemberPasses() throws Exception {
    assertThat(verify(signed(1000), "PUT", URI, 1000 + 29_000, ID::equals)).isEqualTo(ID);
  }

  @Test
  void aMacedRequestFromAMemberPassesAndCarriesNoSignature() throws Exception {
    MultiMap h = maced(1000);
    assertThat(h.get(P2pAuth.SIGNATURE)).isNull();
    assertThat(h.get(P2pAuth.MAC)).matches("[0-9a-f]{64}");
    assertThat(verify(h, "PUT", URI, 1000 + 29_000, ID::equals)).isEqualTo(ID);
  }

  @Test
  void aMacIsBoundToTheReceiver() {
    // the same request MACed for RECEIVER does not pass at a third node
    KeyPair third = Keys.generate(KeyScheme.ED25519);
    assertThatThrownBy(
            () ->
                P2pAuth.verify(maced(1000), "PUT", URI, 1000, SKEW, id -> true, new P2pKeys(third)))
        .isInstanceOfSatisfying(P2pAuth.Refusal.class, r -> assertThat(r.status).isEqualTo(401));
    // nor one that claims another sender: the receiver derives the key of the claimed node
    MultiMap claimed = maced(1000).set(P2pAuth.NODE, RECEIVER_ID);
    assertRefused(claimed, "PUT", URI, 1000, id -> true, 401);
  }

  @Test
  void everyTamperingIsRefusedUnderBothSchemes() {
    for (Function<Long, MultiMap> auth :
        java.util.List.<Function<Long, MultiMap>>of(P2pAuthTest::signed, P2pAuthTest::maced)) {
      String proof = auth.apply(0L).contains(P2pAuth.MAC) ? P2pAuth.MAC : P2pAuth.SIGNATURE;
      assertRefused(auth.apply(1000L), "GET", URI, 1000, id -> true, 401); // other method
      assertRefused(auth.apply(1000L), "PUT", URI + "0", 1000, id -> true, 401); // other URI
      MultiMap body = auth.apply(1000L).set(P2pAuth.BODY, "cd");
      assertRefused(body, "PUT", URI, 1000, id -> true, 401); // other body digest
      MultiMap time = auth.apply(1000L).set(P2pAuth.TIME, "1001");
      assertRefused(time, "PUT", URI, 1000, id -> true, 401); // other time
      assertRefused(auth.apply(1000L), "PUT", URI, 1000 + 30_001, id -> true, 401); // too old
      assertRefused(auth.apply(1000L).remove(proof), "PUT", URI, 1000, id -> true, 401);
      assertRefused(auth.apply(1000L), "PUT", URI, 1000, id -> false, 403); // not a member
    }
    // a node id that is no ed25519 point cannot carry a MAC
    MultiMap offCurve = maced(1000).set(P2pAuth.NODE, "00".repeat(31) + "80");
    assertRefused(offCurve, "PUT", URI, 1000, id -> true, 401);
  }

  private static String verify(
      MultiMap headers, String method, String uri, long now, Predicate<String> member)
      throws P2pAuth.Refusal {
    return P2pAuth.verify(headers, method, uri, now, SKEW, member, RECEIVER_KEYS);
  }

  private static void assertRefused(
      MultiMap headers, String method, String uri, long now, Predicate<String> member, int status) {
    assertThatThrownBy(() -> verify(headers, method, uri, now, member))
        .isInstanceOfSatisfying(P2pAuth.Refusal.class, r -> assertThat(r.status).isEqualTo(status));
  }
}
