package io.ddc.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetDescriptorTest {
  @TempDir Path dir;

  private static DevnetDescriptor sample() {
    return new DevnetDescriptor(
        "0x0000000000000000000000000000000000000001",
        null,
        List.of(
            new DevnetDescriptor.Node(
                "node-1", "Full", "grpc://127.0.0.1:9091", "http://127.0.0.1:8091")),
        List.of(
            new DevnetDescriptor.Bucket(1, true, "6Qowner"),
            new DevnetDescriptor.Bucket(2, false, "6Qowner")),
        List.of(new DevnetDescriptor.Account("owner", "6Qowner", "0x2c1a", "sr25519", "//Alice")));
  }

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    Path file = sample().writeTo(dir);
    assertThat(file).isEqualTo(dir.resolve("devnet.json"));
    assertThat(dir.resolve("devnet.json.tmp")).doesNotExist();
    String text = Files.readString(file);
    assertThat(text)
        .contains("\"version\" : 1")
        .contains("\"chain\" : null")
        .contains("\"mode\" : \"Full\"");
    assertThat(DevnetDescriptor.read(file)).isEqualTo(sample());
  }

  @Test
  void deleteRemovesTheFile() throws Exception {
    sample().writeTo(dir);
    DevnetDescriptor.deleteIn(dir);
    assertThat(dir.resolve("devnet.json")).doesNotExist();
    DevnetDescriptor.deleteIn(dir); // absent: no error
  }

  @Test
  void rejectsNewerSchemaAndGarbage() throws Exception {
    Path f = dir.resolve("devnet.json");
    Files.writeString(f, "{\"version\":2,\"nodes\":[],\"buckets\":[]}");
    assertThatThrownBy(() -> DevnetDescriptor.read(f)).hasMessageContaining("schema version 2");
    Files.writeString(f, "{not json");
    assertThatThrownBy(() -> DevnetDescriptor.read(f)).hasMessageContaining("is not JSON");
    Files.writeString(f, "{\"version\":1,\"buckets\":[]}");
    assertThatThrownBy(() -> DevnetDescriptor.read(f)).hasMessageContaining("'nodes' is missing");
  }
}
