package io.ddc.cluster;

import static io.ddc.cluster.ClusterHarness.get;
import static io.ddc.cluster.ClusterHarness.holds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.cid.Cid;
import io.ddc.storage.InMemoryPieceStore;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed piece upload's signature binds no content, so the receiver accepts each (sender,
 * nonce) once (cluster-transfer.md §3.3): a captured request replayed with other bytes is refused.
 */
class StreamedUploadReplayTest {
  private static final KeyPair MEMBER = Keys.generate(KeyScheme.ED25519);
  private static final String MEMBER_ID = HexFormat.of().formatHex(MEMBER.publicKey());

  private Vertx vertx;
  private InMemoryPieceStore store;
  private P2pServer server;
  private HttpClient http;
  private int port;
  private final AtomicLong stored = new AtomicLong();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store = new InMemoryPieceStore();
    ClusterOptions options = ClusterHarness.fastOptions();
    port =
        ClusterHarness.getOnContext(
            vertx,
            () -> {
              server =
                  new P2pServer(
                      vertx,
                      options,
                      store,
                      MEMBER_ID::equals,
                      Clock.systemUTC(),
                      stored::set,
                      new Records(vertx.getOrCreateContext(), store),
                      "receiver",
                      new P2pKeys(Keys.generate(KeyScheme.ED25519)));
              return server.listen();
            });
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    get(vertx.close());
  }

  private record Answer(int status, String body) {}

  private Answer put(String uri, MultiMap signed, String content) throws Exception {
    RequestOptions r =
        new RequestOptions()
            .setMethod(HttpMethod.PUT)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(uri)
            .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(signed));
    return ClusterHarness.getOnContext(
        vertx,
        () ->
            http.request(r)
                .compose(req -> req.send(Buffer.buffer(content, "UTF-8")))
                .compose(
                    (HttpClientResponse resp) ->
                        resp.body().map(b -> new Answer(resp.statusCode(), b.toString()))));
  }

  private static MultiMap signed(String uri) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    P2pAuth.sign(h, MEMBER, MEMBER_ID, "PUT", uri, System.currentTimeMillis(), "");
    return h;
  }

  @Test
  void aStreamedUploadIsAcceptedOnceAndItsReplayWithOtherBytesIsRefused() throws Exception {
    String uri = P2pServer.STREAMED_PIECES + "?bucket=7&nonce=" + "0123456789abcdef".repeat(2);
    MultiMap headers = signed(uri);
    Answer first = put(uri, headers, "the member's piece");
    assertThat(first.status()).isEqualTo(200);
    Cid cid = Cid.compute(Cid.Codec.RAW, "the member's piece".getBytes(StandardCharsets.UTF_8));
    assertThat(first.body()).isEqualTo(cid.toString());
    assertThat(holds(store, cid)).isTrue();

    Answer replay = put(uri, headers, "someone else's bytes");
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed");
    Cid injected =
        Cid.compute(Cid.Codec.RAW, "someone else's bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(holds(store, injected)).as("the replayed bytes are not stored").isFalse();

    // a fresh nonce from the same member is accepted
    String next = P2pServer.STREAMED_PIECES + "?bucket=7&nonce=" + "fedcba9876543210".repeat(2);
    assertThat(put(next, signed(next), "someone else's bytes").status()).isEqualTo(200);
  }

  @Test
  void aStreamedUploadWithoutANonceIsRefused() throws Exception {
    String uri = P2pServer.STREAMED_PIECES + "?bucket=7";
    Answer a = put(uri, signed(uri), "bytes");
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.body()).contains("nonce");
  }

  @Test
  void theWindowForgetsNoncesOnlyAfterTwiceTheSkew() {
    NonceWindow w = new NonceWindow(60_000);
    assertThat(w.firstUse("a", "n1", 1_000)).isTrue();
    assertThat(w.firstUse("b", "n1", 1_001)).as("another sender's nonce").isTrue();
    assertThat(w.firstUse("a", "n1", 60_999)).isFalse();
    assertThat(w.firstUse("a", "n1", 61_000)).as("after the window").isTrue();
  }
}
