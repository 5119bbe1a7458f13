package io.ddc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VersionedRecordTest {

  @Property
  void storedFormRoundTrips(@ForAll long version, @ForAll byte[] value) {
    VersionedRecord r = new VersionedRecord(version, value);
    assertThat(Records.decode(Records.encode(r))).isEqualTo(r);
  }

  @Property
  void exactlyOneOfTwoDistinctRecordsWins(
      @ForAll long v1, @ForAll byte[] a, @ForAll long v2, @ForAll byte[] b) {
    VersionedRecord x = new VersionedRecord(v1, a);
    VersionedRecord y = new VersionedRecord(v2, b);
    if (x.equals(y)) {
      assertThat(x.supersedes(y)).isFalse();
    } else {
      assertThat(x.supersedes(y)).isNotEqualTo(y.supersedes(x));
    }
  }

  @Test
  void higherVersionWinsThenLargerBytes() {
    assertThat(
            new VersionedRecord(2, new byte[] {0})
                .supersedes(new VersionedRecord(1, new byte[] {9})))
        .isTrue();
    assertThat(
            new VersionedRecord(1, new byte[] {(byte) 0x80})
                .supersedes(new VersionedRecord(1, new byte[] {0x7f})))
        .isTrue();
  }

  @Test
  void truncatedStoredRecordIsAClusterException() {
    assertThatThrownBy(() -> Records.decode(new byte[3])).isInstanceOf(ClusterException.class);
  }

  @Test
  void namespacesAreChecked() {
    assertThatThrownBy(() -> Records.checkNamespace("a/b")).hasMessageContaining("namespace");
    Records.checkNamespace("cns");
  }
}
