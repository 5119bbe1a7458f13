package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.node.NodeClientOptions;
import io.ddc.edge.DdcNode;
import io.ddc.loadtest.GrpcTarget;
import io.ddc.loadtest.HtmlReport;
import io.ddc.loadtest.LoadOptions;
import io.ddc.loadtest.LoadResult;
import io.ddc.loadtest.LoadRun;
import io.ddc.loadtest.OpStats;
import io.ddc.loadtest.Sizes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-test harness against a real in-process node, in seconds: writes, reads, checks. */
class LoadtestSmokeTest {
  @TempDir Path dir;

  @Test
  void mixedGrpcLoadHasNoErrorsAndEveryReadMatches() throws Exception {
    LoadResult r =
        runAgainstOneNode(
            new LoadOptions()
                .rate(100)
                .concurrency(16)
                .duration(Duration.ofSeconds(3))
                .getRatio(0.8)
                .objects(20)
                .sizes(Sizes.parse("4KiB=3,256KiB=1"))
                .rangeFraction(0.3)
                .rangeBytes(1000)
                .verifySample(1.0)
                .bucket(1));
    assertThat(r.totalOps()).isGreaterThan(150);
    assertThat(r.totalErrors()).as("errors: %s", r.errors()).isZero();
    assertThat(r.mismatches()).isZero();
    assertThat(r.verified()).isGreaterThan(50);
    assertThat(r.ops().keySet()).contains("get", "put");
    Path report = dir.resolve("report.html");
    HtmlReport.write(r, report);
    assertThat(Files.readString(report)).contains("<svg");
  }

  @Test
  void closedLoopPutsKeepEveryWorkerBusy() throws Exception {
    LoadResult r =
        runAgainstOneNode(
            new LoadOptions()
                .model(LoadOptions.Model.CLOSED)
                .concurrency(4)
                .duration(Duration.ofSeconds(2))
                .getRatio(0)
                .objects(1)
                .sizes(Sizes.parse("256KiB"))
                .bucket(1));
    OpStats put = r.ops().get("put");
    assertThat(r.totalErrors()).as("errors: %s", r.errors()).isZero();
    assertThat(put.ok()).as("more PUTs than workers: each worker sent again").isGreaterThan(4);
    assertThat(r.ops().keySet()).containsOnly("put");
    assertThat(put.latency().getTotalCount()).isEqualTo(put.service().getTotalCount());
    // Closed model: no coordinated-omission correction, so latency is service time plus only the
    // moment between scheduling and sending (not exactly equal: histogram buckets, scheduling).
    long latencyP50 = put.latency().getValueAtPercentile(50);
    long serviceP50 = put.service().getValueAtPercentile(50);
    assertThat(latencyP50).isGreaterThanOrEqualTo(serviceP50);
    assertThat(latencyP50).isLessThanOrEqualTo(serviceP50 + serviceP50 / 20 + 1000);
    assertThat(r.toJson().getString("model")).isEqualTo("closed");
  }

  private LoadResult runAgainstOneNode(LoadOptions o) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DdcNode node = Nodes.start(vertx, dir.resolve("node"), "it-load");
      Context ctx = vertx.getOrCreateContext();
      Promise<LoadResult> done = Promise.promise();
      ctx.runOnContext(
          v -> {
            GrpcTarget t =
                new GrpcTarget(
                    vertx, Nodes.grpcUrl(node), new NodeClientOptions().signer(Nodes.ROOT));
            LoadRun.start(vertx, ctx, t, o, List.of(), p -> {})
                .eventually(() -> t.close())
                .onComplete(done);
          });
      LoadResult r = done.future().await(120, TimeUnit.SECONDS);
      node.close().await(30, TimeUnit.SECONDS);
      return r;
    } finally {
      Future<Void> closed = vertx.close();
      closed.await(30, TimeUnit.SECONDS);
    }
  }
}
