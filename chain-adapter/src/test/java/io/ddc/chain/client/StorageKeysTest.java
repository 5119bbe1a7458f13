package io.ddc.chain.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageKeysTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void frameKeyVectors() {
    // Well-known FRAME prefixes (System.Account, System.Number, System.Events,
    // Balances.TotalIssuance).
    assertThat(hex(StorageKeys.prefix("System", "Account")))
        .isEqualTo("26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9");
    assertThat(hex(StorageKeys.prefix("System", "Number")))
        .isEqualTo("26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac");
    assertThat(hex(StorageKeys.systemEvents()))
        .isEqualTo("26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7");
    assertThat(hex(StorageKeys.prefix("Balances", "TotalIssuance")))
        .isEqualTo("c2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80");
  }

  @Test
  void mapKeysAppendHashedKeys() {
    byte[] id = new byte[32];
    id[0] = 1;
    byte[] key = StorageKeys.systemAccount(id);
    assertThat(key).hasSize(32 + 16 + 32);
    assertThat(hex(key)).endsWith(hex(id)).contains(hex(Hashes.blake2b128(id)));
    byte[] twox = StorageKeys.mapKey("System", "BlockHash", List.of("Twox64Concat"), new byte[4]);
    assertThat(hex(twox)).endsWith(hex(Hashes.twox64(new byte[4])) + "00000000");
  }

  @Test
  void twoxIsXxHash64LittleEndian() {
    // xxHash64 reference values (seed 0) of "" and "abc", as the little-endian bytes twox64 yields.
    assertThat(hex(Hashes.twox64(new byte[0]))).isEqualTo("99e9d85137db46ef");
    assertThat(hex(Hashes.twox64("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("990977adf52cbc44");
    byte[] longer = new byte[100];
    for (int i = 0; i < longer.length; i++) {
      longer[i] = (byte) i;
    }
    byte[] h = Hashes.twox64(longer);
    longer[50] ^= 1;
    assertThat(Hashes.twox64(longer)).isNotEqualTo(h);
  }
}
