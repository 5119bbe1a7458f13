package io.ddc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddc.client.node.NodeClientOptions;
import io.ddc.edge.DdcNode;
import io.ddc.loadtest.GrpcTarget;
import io.ddc.loadtest.HtmlReport;
import io.ddc.loadtest.LoadOptions;
import io.ddc.loadtest.LoadResult;
import io.ddc.loadtest.LoadRun;
import io.ddc.loadtest.LoadtestCommand;
import io.ddc.loadtest.OpStats;
import io.ddc.loadtest.Sizes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

  /**
   * `ddc loadtest --warmup`: the warm-up's operations reach the node but not the result, which
   * covers the measured phase only.
   */
  @Test
  void theCommandsWarmUpIsSentButNotReported() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DdcNode node = Nodes.start(vertx, dir.resolve("node"), "it-load-warm");
      Path out = dir.resolve("out");
      int exit =
          new CommandLine(new LoadtestCommand())
              .execute(
                  "--target", Nodes.grpcUrl(node),
                  "--protocol", "grpc",
                  "--signer",
                      "hybrid label reunion only dawn maze asset draft cousin height flock nation",
                  "--bucket", "1",
                  "--model", "closed",
                  "--concurrency", "4",
                  "--get-ratio", "0",
                  "--objects", "1",
                  "--sizes", "64KiB",
                  "--warmup", "2s",
                  "--duration", "2s",
                  "--out", out.toString());
      assertThat(exit).isZero();
      JsonObject result = new JsonObject(Files.readString(out.resolve("result.json")));
      long measured = result.getJsonObject("totals").getLong("ops");
      assertThat(result.getDouble("seconds")).as("the measured phase only").isBetween(1.5, 3.5);
      assertThat(measured).isPositive();
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      double served =
          metrics
              .body()
              .lines()
              .filter(l -> l.startsWith("ddc_rpc_requests_seconds_count"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      assertThat(served)
          .as("the node served the warm-up's PUTs as well as the %d measured", measured)
          .isGreaterThan(measured + 4.0);
      node.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
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
