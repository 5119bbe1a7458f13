package io.ddc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.crypto.Signatures;
import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ActivityLedgerTest {
  static final long ERA = 10_000;
  static final long E = 170_000; // an era id well after the epoch
  static final KeyPair NODE = Keys.fromUri("//Node", KeyScheme.ED25519);
  static final KeyPair CLIENT = TestKeys.ALICE;
  static final byte[] OWNER = TestKeys.BOB.publicKey();

  @TempDir Path dir;
  Vertx vertx;
  final AtomicLong now = new AtomicLong(E * ERA);
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  ActivityLedger open(double inflate) {
    return ActivityLedger.open(
            vertx,
            new ActivityLedger.Config(
                dir.resolve("activity"),
                new ActivityUsage.Eras(ERA),
                clock,
                NODE,
                inflate,
                ids -> {
                  java.util.Map<Long, byte[]> m = new java.util.HashMap<>();
                  ids.stream().filter(id -> id != 404).forEach(id -> m.put(id, OWNER));
                  return m;
                }))
        .await();
  }

  static ActivityCapture.Request request(long bucket, int type, long size) {
    ActivityRequest unsigned =
        ActivityRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setRequestTypeValue(type)
            .setBucketId(bucket)
            .setSize(size)
            .setTimestamp(1)
            .build();
    ActivityRequest r =
        unsigned.toBuilder().setSignature(TestKeys.sign(CLIENT, unsigned.toByteArray())).build();
    return new ActivityCapture.Request(r, r.toByteArray(), CLIENT.publicKey(), true);
  }

  static ActivityAcknowledgment ack(ActivityCapture.Request r, long bytes) {
    return TestKeys.ack(CLIENT, r.parsed().getRequestId(), bytes);
  }

  void at(double eraFraction, long era) {
    now.set(era * ERA + (long) (eraFraction * ERA));
  }

  static JsonObject bucket(JsonObject summary, long id) {
    for (Object o : summary.getJsonArray("buckets")) {
      if (((JsonObject) o).getLong("bucket_id") == id) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no bucket " + id + " in " + summary.encode());
  }

  @Test
  void aggregatesCountOnlyAckedBytesAndTimeWeightStorage() throws Exception {
    ActivityLedger l = open(1.0);
    at(0.25, E);
    l.served(request(1, 0, 1000), null, 5).await();
    ActivityCapture.Request get = request(1, 1, 0);
    l.served(get, ack(get, 400), 5).await();
    l.served(request(1, 1, 0), null, 5).await(); // a read the client never acknowledged
    at(0.5, E);
    l.served(request(2, 0, 100), null, 5).await();
    assertThat(l.records(E)).isEqualTo(4);
    assertThat(l.isSealed(E)).isFalse();

    at(0.5, E + 1);
    l.sealNow().await();
    assertThat(l.isSealed(E)).isTrue();
    JsonObject s = l.summary(E);
    JsonObject b1 = bucket(s, 1);
    assertThat(b1.getLong("stored_bytes")).isEqualTo(750); // 1000 bytes held 3/4 of the era
    assertThat(b1.getLong("transferred_bytes")).isEqualTo(400);
    assertThat(b1.getLong("number_of_puts")).isEqualTo(1);
    assertThat(b1.getLong("number_of_gets")).isEqualTo(2);
    assertThat(b1.getLong("records")).isEqualTo(3);
    assertThat(b1.getLong("closing_stored_bytes")).isEqualTo(1000);
    assertThat(b1.getString("customer_id")).isEqualTo(ActivityLedger.hex(OWNER));
    JsonObject b2 = bucket(s, 2);
    assertThat(b2.getLong("stored_bytes")).isEqualTo(50);
    JsonObject node = s.getJsonObject("node");
    assertThat(node.getLong("stored_bytes")).isEqualTo(800);
    assertThat(node.getLong("transferred_bytes")).isEqualTo(400);
    assertThat(node.getString("node_id")).isEqualTo(ActivityLedger.hex(NODE.publicKey()));

    // the roots are the trees over the leaves; the node tree is the buckets' leaves in id order
    ActivityLedger.Sealed sealed = l.sealedEra(E);
    List<byte[]> all = new ArrayList<>();
    for (long b : List.of(1L, 2L)) {
      List<byte[]> h = new ArrayList<>();
      sealed.bucket(b).forEach(x -> h.add(x.hash()));
      all.addAll(h);
      assertThat(bucket(s, b).getString("merkle_root"))
          .isEqualTo(ActivityLedger.hex(ActivityMerkle.root(h)));
    }
    assertThat(node.getString("merkle_root"))
        .isEqualTo(ActivityLedger.hex(ActivityMerkle.root(all)));

    // each record is signed by the node and carries the client's signed request (and ack)
    for (ActivityLedger.Leaf leaf : sealed.bucket(1)) {
      ActivityRecord r = ActivityRecord.parseFrom(leaf.record());
      byte[] unsigned = r.toBuilder().clearSignature().build().toByteArray();
      assertThat(r.getSignature().getSigner()).isEqualTo(ByteString.copyFrom(NODE.publicKey()));
      assertThat(
              Signatures.verify(
                  KeyScheme.ED25519,
                  NODE.publicKey(),
                  unsigned,
                  r.getSignature().getValue().toByteArray()))
          .isTrue();
      ActivityRequest req = r.getUpstream().getRequest();
      assertThat(
              Signatures.verify(
                  KeyScheme.ED25519,
                  CLIENT.publicKey(),
                  req.toBuilder().clearSignature().build().toByteArray(),
                  req.getSignature().getValue().toByteArray()))
          .isTrue();
    }

    // the next era: storage carries over in full, nothing else
    at(0.1, E + 2);
    l.sealNow().await();
    JsonObject next = bucket(l.summary(E + 1), 1);
    assertThat(next.getLong("opening_stored_bytes")).isEqualTo(1000);
    assertThat(next.getLong("stored_bytes")).isEqualTo(1000);
    assertThat(next.getLong("records")).isZero();
    assertThat(next.getLong("transferred_bytes")).isZero();
    l.close().await();
  }

  @Test
  void restartKeepsTheErasRecordsAndDropsATornTail() throws Exception {
    at(0.1, E);
    ActivityLedger l = open(1.0);
    l.served(request(3, 0, 10), null, 1).await();
    l.served(request(3, 0, 20), null, 1).await();
    l.close().await();
    Files.write(
        dir.resolve("activity").resolve(E + ".log"),
        new byte[] {50, 0, 0, 0, 1, 2, 3},
        StandardOpenOption.APPEND);

    at(0.2, E);
    ActivityLedger again = open(1.0);
    assertThat(again.records(E)).isEqualTo(2);
    again.served(request(3, 0, 30), null, 1).await();
    at(0.0, E + 1);
    again.sealNow().await();
    JsonObject b = bucket(again.summary(E), 3);
    assertThat(b.getLong("records")).isEqualTo(3);
    assertThat(b.getLong("closing_stored_bytes")).isEqualTo(60);
    assertThat(b.getLong("stored_bytes")).isEqualTo(9 + 18 + 24);
    again.close().await();
  }

  @Test
  void erasWhileTheNodeWasDownAreSealedOnStart() throws Exception {
    at(0.5, E);
    ActivityLedger l = open(1.0);
    l.served(request(404, 0, 100), null, 1).await();
    l.close().await();
    at(0.5, E + 3);
    ActivityLedger later = open(1.0);
    for (long e = E; e < E + 3; e++) {
      assertThat(later.isSealed(e)).as("era %d", e).isTrue();
    }
    assertThat(later.isSealed(E + 3)).isFalse();
    JsonObject b = bucket(later.summary(E + 2), 404);
    assertThat(b.getLong("stored_bytes")).isEqualTo(100);
    assertThat(b.getString("customer_id")).isEqualTo(ActivityLedger.hex(new byte[32]));
    later.close().await();
  }

  @Test
  void anInflatingNodeClaimsMoreThanTheSignedAcks() throws Exception {
    at(0.1, E);
    ActivityLedger l = open(3.0);
    ActivityCapture.Request get = request(5, 1, 0);
    l.served(get, ack(get, 1000), 1).await();
    at(0.0, E + 1);
    l.sealNow().await();
    assertThat(bucket(l.summary(E), 5).getLong("transferred_bytes")).isEqualTo(3000);
    ActivityLedger.Leaf leaf = l.sealedEra(E).bucket(5).get(0);
    assertThat(leaf.usage().delivered()).isEqualTo(3000);
    long signedAck =
        ActivityRecord.parseFrom(leaf.record()).getUpstream().getAck().getBytesStoredOrDelivered();
    assertThat(signedAck).isEqualTo(1000);
    l.close().await();
  }
}
