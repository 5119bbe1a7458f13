package io.ddc.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.ddc.protocol.proto.nodeactivity.ActivityRecord;
import org.junit.jupiter.api.Test;

class RecordVerifierTest {
  static final KeyPair NODE = Keys.fromUri("//node-a", KeyScheme.ED25519);
  static final KeyPair OTHER_NODE = Keys.fromUri("//node-b", KeyScheme.ED25519);
  static final KeyPair CLIENT = Keys.fromUri("//client", KeyScheme.SR25519);
  static final long START = 60_000;
  static final long END = 120_000;

  static RecordVerifier.Outcome verify(byte[] r, long bucket) {
    return RecordVerifier.verify(r, NODE.publicKey(), bucket, START, END);
  }

  @Test
  void aStoreCountsOnePutAndTheTimeWeightedSize() {
    RecordVerifier.Outcome o = verify(Records.store(NODE, CLIENT, 1, 1000, 90_000), 1);
    assertThat(o.rejection()).isNull();
    assertThat(o.verified().puts()).isEqualTo(1);
    assertThat(o.verified().stored()).isEqualTo(500); // held for half the era
    assertThat(o.verified().storedSize()).isEqualTo(1000);
    assertThat(o.verified().delivered()).isZero();
  }

  @Test
  void aGetCountsOnlyTheAcknowledgedBytes() {
    RecordVerifier.Outcome o = verify(Records.get(NODE, CLIENT, 1, 5000, 3000, 61_000), 1);
    assertThat(o.verified().gets()).isEqualTo(1);
    assertThat(o.verified().delivered()).isEqualTo(3000);
    assertThat(verify(Records.get(NODE, CLIENT, 1, 5000, -1, 61_000), 1).verified().delivered())
        .isZero();
  }

  @Test
  void anAckSignedBySomeoneElseCountsNothing() {
    ActivityRequest req =
        Records.request(CLIENT, ActivityRequest.RequestType.REQUEST_TYPE_GET, 1, 5000);
    KeyPair mallory = Keys.fromUri("//mallory", KeyScheme.SR25519);
    byte[] r = Records.record(NODE, req, Records.ack(mallory, req.getRequestId(), 5000), 61_000);
    assertThat(verify(r, 1).verified().delivered()).isZero();
  }

  @Test
  void rejectsRecordsNotSignedByTheNodeTheyCameFrom() {
    assertThat(verify(Records.store(OTHER_NODE, CLIENT, 1, 10, 61_000), 1).rejection())
        .isEqualTo(RecordVerifier.Rejection.NODE_SIGNATURE);
  }

  @Test
  void rejectsATamperedRecord() throws Exception {
    byte[] r = Records.get(NODE, CLIENT, 1, 5000, 3000, 61_000);
    ActivityRecord rec = ActivityRecord.parseFrom(r);
    byte[] bumped = rec.toBuilder().setTimestamp(61_001).build().toByteArray();
    assertThat(verify(bumped, 1).rejection()).isEqualTo(RecordVerifier.Rejection.NODE_SIGNATURE);
  }

  @Test
  void rejectsARequestTheClientDidNotSign() {
    ActivityRequest req =
        Records.request(CLIENT, ActivityRequest.RequestType.REQUEST_TYPE_STORE, 1, 10);
    ActivityRequest forged = req.toBuilder().setSize(10_000_000).build();
    assertThat(verify(Records.record(NODE, forged, null, 61_000), 1).rejection())
        .isEqualTo(RecordVerifier.Rejection.CLIENT_SIGNATURE);
  }

  @Test
  void rejectsRecordsOfAnotherBucketOrEra() {
    assertThat(verify(Records.store(NODE, CLIENT, 2, 10, 61_000), 1).rejection())
        .isEqualTo(RecordVerifier.Rejection.OTHER_BUCKET);
    assertThat(verify(Records.store(NODE, CLIENT, 1, 10, END), 1).rejection())
        .isEqualTo(RecordVerifier.Rejection.OTHER_ERA);
  }

  @Test
  void rejectsGarbage() {
    assertThat(verify(new byte[] {(byte) 0xff, 1, 2}, 1).rejection())
        .isEqualTo(RecordVerifier.Rejection.MALFORMED);
  }
}
