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
import org.junit.jupiter.api.Test;

class P2pAuthTest {
  private static final KeyPair KEY = Keys.generate(KeyScheme.ED25519);
  private static final String ID = HexFormat.of().formatHex(KEY.publicKey());
  private static final String URI = "/ddc/p2p/v1/pieces/x?bucket=1";
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static MultiMap signed(long time) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    P2pAuth.sign(h, KEY, ID, "PUT", URI, time, "ab");
    return h;
  }

  @Test
  void messageLayoutFollowsTheSpec() {
    assertThat(new String(P2pAuth.message("GET", "/a?b=1", 5, "n", ""), StandardCharsets.UTF_8))
        .isEqualTo("DDC-P2P-1\nGET\n/a?b=1\n5\nn\n");
  }

  @Test
  void aSignedRequestFromAMemberPasses() throws Exception {
    assertThat(P2pAuth.verify(signed(1000), "PUT", URI, 1000 + 29_000, SKEW, ID::equals))
        .isEqualTo(ID);
  }

  @Test
  void everyTamperingIsRefused() {
    assertRefused(signed(1000), "GET", URI, 1000, id -> true, 401); // other method
    assertRefused(signed(1000), "PUT", URI + "0", 1000, id -> true, 401); // other URI
    MultiMap body = signed(1000).set(P2pAuth.BODY, "cd");
    assertRefused(body, "PUT", URI, 1000, id -> true, 401); // other body digest
    assertRefused(signed(1000), "PUT", URI, 1000 + 30_001, id -> true, 401); // too old
    assertRefused(signed(1000).remove(P2pAuth.SIGNATURE), "PUT", URI, 1000, id -> true, 401);
    assertRefused(signed(1000), "PUT", URI, 1000, id -> false, 403); // not a member
  }

  private static void assertRefused(
      MultiMap headers,
      String method,
      String uri,
      long now,
      java.util.function.Predicate<String> member,
      int status) {
    assertThatThrownBy(() -> P2pAuth.verify(headers, method, uri, now, SKEW, member))
        .isInstanceOfSatisfying(P2pAuth.Refusal.class, r -> assertThat(r.status).isEqualTo(status));
  }
}
