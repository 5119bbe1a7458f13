package io.ddc.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run {@link NodeProcesses}: a temporary directory for the nodes, kept on
 * failure long enough to copy the node logs to {@code target/multi-process-logs}, and the processes
 * killed after each test.
 */
abstract class NodeProcessesBase {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** The test's nodes; set by the test, killed after it. */
  NodeProcesses cluster;

  @RegisterExtension
  final TestWatcher keepLogs =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          Nodes.keepLogs(dir, context.getDisplayName());
        }
      };

  @AfterEach
  void stopNodes() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }
}
