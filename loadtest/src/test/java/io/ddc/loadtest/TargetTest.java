package io.ddc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.node.NodeCallException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void failedCallsCountByTheStatusTheNodeAnswered() {
    assertThat(
            Target.failureLabel(
                new NodeCallException(
                    "grpc://127.0.0.1:9091",
                    "file.FileApi/putRawPiece",
                    8,
                    "storage full: disk full",
                    true)))
        .isEqualTo("grpc:RESOURCE_EXHAUSTED");
    assertThat(Target.failureLabel(new IOException("connection reset")))
        .isEqualTo("io:IOException");
  }
}
