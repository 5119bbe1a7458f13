package io.ddc.edge;

import io.ddc.protocol.proto.activity.ActivityAcknowledgment;
import io.ddc.protocol.proto.activity.ActivityFulfillment;
import io.ddc.protocol.proto.activity.ActivityRecord;
import io.ddc.protocol.proto.activity.ActivityRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only activity log: each served request becomes one length-delimited {@code
 * activity_report.ActivityRecord} (one downstream fulfillment: request + last ack, timestamp in ms)
 * appended to {@code <data-dir>/activity.log} through an async file (docs/spec/node-protocol.md
 * "Activity log"). Unsigned by the node for now; the validator issue adds the node signature.
 */
final class FileActivityLog implements ActivityLog {
  private static final Logger LOG = LoggerFactory.getLogger(FileActivityLog.class);

  private final AsyncFile file;
  private final Clock clock;
  private boolean closed;

  private FileActivityLog(AsyncFile file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  static Future<ActivityLog> open(Vertx vertx, Path dataDir, Clock clock) {
    return vertx
        .fileSystem()
        .mkdirs(dataDir.toString())
        .compose(
            v ->
                vertx
                    .fileSystem()
                    .open(
                        dataDir.resolve("activity.log").toString(),
                        new OpenOptions().setAppend(true).setCreate(true).setWrite(true)))
        .map(f -> new FileActivityLog(f, clock));
  }

  @Override
  public void served(
      ActivityRequest request, ActivityAcknowledgment lastAck, long bytes, String method) {
    if (closed) {
      return;
    }
    ActivityFulfillment.Builder f = ActivityFulfillment.newBuilder().setRequest(request);
    if (lastAck != null) {
      f.setAck(lastAck);
    }
    ActivityRecord rec =
        ActivityRecord.newBuilder().addDownstream(f).setTimestamp(clock.millis()).build();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      rec.writeDelimitedTo(out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    file.write(Buffer.buffer(out.toByteArray()))
        .onFailure(e -> LOG.error("activity log append failed ({}): {}", method, e.toString()));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return file.flush().compose(v -> file.close());
  }
}
