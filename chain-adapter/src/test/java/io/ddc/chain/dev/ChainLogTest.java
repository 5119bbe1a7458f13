package io.ddc.chain.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ChainLogTest {
  @TempDir Path dir;

  private static Block block(long n, byte[] parent, byte[]... xts) {
    Header h =
        new Header(
            parent, n, Hash256.blake2(new byte[] {(byte) n}), StateTrie.orderedRoot(List.of(xts)));
    return new Block(h, List.of(xts), 1000 + n);
  }

  private static TreeMap<byte[], byte[]> changes(long n) {
    TreeMap<byte[], byte[]> c = new TreeMap<>(Arrays::compareUnsigned);
    c.put(new byte[] {1, (byte) n}, new byte[] {(byte) n, 2});
    c.put(new byte[] {2}, OverlayStorage.TOMBSTONE);
    return c;
  }

  private List<ChainLog.Entry> writeThree() {
    List<ChainLog.Entry> seen = new ArrayList<>();
    try (ChainLog log = ChainLog.openOrRecover(dir, true, seen::add, m -> {})) {
      byte[] parent = new byte[32];
      for (int i = 0; i < 3; i++) {
        Block b = block(i, parent, new byte[] {(byte) i, 9});
        log.append(b, changes(i));
        parent = b.hash();
      }
    }
    return seen;
  }

  @Test
  void replaysWhatWasAppended() {
    assertThat(writeThree()).isEmpty();
    List<ChainLog.Entry> seen = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    ChainLog.openOrRecover(dir, false, seen::add, reports::add).close();
    assertThat(reports).isEmpty();
    assertThat(seen).hasSize(3);
    ChainLog.Entry e = seen.get(2);
    assertThat(e.block().number()).isEqualTo(2);
    assertThat(e.block().timestampMillis()).isEqualTo(1002);
    assertThat(e.block().extrinsics()).containsExactly(new byte[] {2, 9});
    assertThat(e.block().hash()).isEqualTo(e.block().header().hash());
    assertThat(Arrays.equals(seen.get(1).block().header().parentHash(), seen.get(0).block().hash()))
        .isTrue();
    assertThat(e.changes()).hasSize(2);
    assertThat(e.changes().get(0).getKey()).isEqualTo(new byte[] {1, 2});
    assertThat(e.changes().get(0).getValue()).isEqualTo(new byte[] {2, 2});
    assertThat(e.changes().get(1).getValue()).isNull();
  }

  @Test
  void cutsATornTailAndReportsIt() throws Exception {
    writeThree();
    Path f = dir.resolve(ChainLog.FILE_NAME);
    long size = Files.size(f);
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(size - 5);
    }
    List<ChainLog.Entry> seen = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    ChainLog log = ChainLog.openOrRecover(dir, false, seen::add, reports::add);
    assertThat(seen).hasSize(2);
    assertThat(reports).singleElement().asString().contains("torn tail");
    // Appending after recovery continues the log cleanly.
    log.append(block(2, seen.get(1).block().hash()), changes(2));
    log.close();
    List<ChainLog.Entry> again = new ArrayList<>();
    ChainLog.openOrRecover(dir, false, again::add, m -> {}).close();
    assertThat(again).hasSize(3);
  }

  @Test
  void refusesCorruptionBeforeTheTail() throws Exception {
    writeThree();
    Path f = dir.resolve(ChainLog.FILE_NAME);
    byte[] all = Files.readAllBytes(f);
    all[12 + 8 + 3] ^= 0x40; // inside the first record's payload
    Files.write(f, all);
    assertThatThrownBy(() -> ChainLog.openOrRecover(dir, false, e -> {}, m -> {}))
        .isInstanceOf(DevChainException.class)
        .hasMessageContaining("corrupt");
    assertThat(Files.readAllBytes(f)).isEqualTo(all);
  }

  @Test
  void refusesAForeignFile() throws Exception {
    Files.write(dir.resolve(ChainLog.FILE_NAME), "not a chain log at all".getBytes());
    assertThatThrownBy(() -> ChainLog.openOrRecover(dir, false, e -> {}, m -> {}))
        .isInstanceOf(DevChainException.class)
        .hasMessageContaining("not a dev chain log");
  }
}
