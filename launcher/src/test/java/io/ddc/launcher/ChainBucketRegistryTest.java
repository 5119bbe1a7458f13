package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.chain.client.Signer;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node's chain reads: validator set and debts from the dev chain, cached for the TTL. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChainBucketRegistryTest {
  @TempDir Path dir;

  @Test
  void validatorsAndDebtsComeFromTheChainAndAreRereadAfterTheTtl() {
    AtomicLong now = new AtomicLong(1_000_000);
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(now.get());
          }
        };
    try (DevnetChain chain = DevnetChain.start(0, dir.resolve("chain"))) {
      ChainBucketRegistry registry = new ChainBucketRegistry(chain.ddc(), clock);
      assertThat(registry.validators().await()).isEmpty();

      byte[] v1 = Keys.fromUri("//Charlie", KeyScheme.SR25519).publicKey();
      byte[] v2 = Keys.fromUri("//Dave", KeyScheme.SR25519).publicKey();
      Signer alice = Signer.of(Keys.fromUri("//Alice", KeyScheme.SR25519));
      chain.ddc().setValidatorsAsSudo(alice, List.of(v1, v2)).join();
      assertThat(registry.validators().await()).as("cached within the TTL").isEmpty();
      now.addAndGet(ChainBucketRegistry.TTL.toMillis() + 1);
      HexFormat hex = HexFormat.of();
      assertThat(registry.validators().await())
          .isEqualTo(Set.of("0x" + hex.formatHex(v1), "0x" + hex.formatHex(v2)));

      String cluster = "0x" + hex.formatHex(DevnetChain.CLUSTER);
      assertThat(registry.debt(cluster, alice.accountId()).await()).isEqualTo(BigInteger.ZERO);
      assertThat(registry.bucket(999_999).await()).isEmpty();
    }
  }
}
