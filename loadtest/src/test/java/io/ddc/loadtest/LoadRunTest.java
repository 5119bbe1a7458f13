package io.ddc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the driver against a small gateway-shaped HTTP server the test controls, so that wrong
 * bytes, slow responses and status codes are known in advance.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LoadRunTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private Vertx vertx;
  private HttpServer server;
  private final Map<String, byte[]> objects = new HashMap<>();
  private volatile long delayMillis;
  private volatile String corruptCid;
  private volatile boolean corruptRangesOnly;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(this::serve)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void serve(HttpServerRequest req) {
    String[] parts = req.path().split("/");
    byte[] body = parts.length == 3 ? objects.get(parts[2]) : null;
    Runnable respond =
        () -> {
          if (body == null) {
            req.response().setStatusCode(404).end();
            return;
          }
          byte[] bytes = body;
          if (parts[2].equals(corruptCid)
              && (!corruptRangesOnly || req.getHeader("Range") != null)) {
            bytes = body.clone();
            bytes[bytes.length / 2] ^= 1;
          }
          String range = req.getHeader("Range");
          if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
              req.response().setStatusCode(416).end();
              return;
            }
            int a = Integer.parseInt(m.group(1));
            int b = Math.min(Integer.parseInt(m.group(2)), bytes.length - 1);
            if (corruptRangesOnly && parts[2].equals(corruptCid)) {
              bytes = bytes.clone();
              bytes[a] ^= 1;
            }
            req.response().setStatusCode(206).end(Buffer.buffer(bytes).getBuffer(a, b + 1));
          } else {
            req.response().end(Buffer.buffer(bytes));
          }
        };
    if (delayMillis > 0) {
      vertx.setTimer(delayMillis, id -> respond.run());
    } else {
      respond.run();
    }
  }

  private List<ObjectRef> store(int n, int size) {
    List<ObjectRef> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long seed = 1000 + i;
      byte[] content = Content.slice(seed, 0, size + i);
      Cid cid = Cid.compute(Cid.Codec.RAW, content);
      objects.put(cid.toString(), content);
      refs.add(new ObjectRef(1, cid, content.length, seed));
    }
    return refs;
  }

  private LoadResult run(LoadOptions options, List<ObjectRef> refs) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    HttpGatewayTarget[] target = new HttpGatewayTarget[1];
    ctx.runOnContext(
        v ->
            target[0] =
                new HttpGatewayTarget(
                    vertx, "http://127.0.0.1:" + server.actualPort(), 16, false, null, 10_000));
    while (target[0] == null) {
      Thread.sleep(5);
    }
    List<LoadRun.Progress> lines = new ArrayList<>();
    return LoadRun.start(vertx, ctx, target[0], options, refs, lines::add)
        .toCompletionStage()
        .toCompletableFuture()
        .get(90, TimeUnit.SECONDS);
  }

  @Test
  void offersTheTargetRateAndChecksEveryRead(@TempDir Path dir) throws Exception {
    List<ObjectRef> refs = store(20, 50_000);
    LoadResult r =
        run(
            new LoadOptions()
                .rate(200)
                .duration(Duration.ofSeconds(2))
                .rangeFraction(0.3)
                .rangeBytes(4096)
                .verifySample(1.0),
            refs);
    assertThat(r.totalOps()).isEqualTo(400);
    assertThat(r.totalErrors()).isZero();
    assertThat(r.verified()).isEqualTo(400);
    assertThat(r.mismatches()).isZero();
    assertThat(r.ops()).containsKeys("get", "get-range");
    assertThat(r.ops().get("get-range").ok()).isBetween(60L, 180L);

    JsonObject json = r.toJson();
    assertThat(
            json.getJsonObject("ops")
                .getJsonObject("get")
                .getJsonObject("latencyMillis")
                .getDouble("p99"))
        .isPositive();
    Path html = dir.resolve("report.html");
    HtmlReport.write(r, html);
    String page = Files.readString(html);
    assertThat(page)
        .contains("<svg", "Throughput over time", "get-range")
        .doesNotContain("<script");
  }

  @Test
  void wrongBytesAreErrorsInTheReport() throws Exception {
    List<ObjectRef> refs = store(1, 10_000);
    corruptCid = refs.get(0).cid().toString();
    LoadResult r =
        run(
            new LoadOptions()
                .rate(50)
                .duration(Duration.ofSeconds(1))
                .rangeFraction(0.5)
                .rangeBytes(10_000),
            refs);
    assertThat(r.mismatches()).isEqualTo(r.totalOps());
    assertThat(r.totalErrors()).isEqualTo(r.totalOps());
    assertThat(r.errors().keySet())
        .allMatch(k -> k.equals("get cid-mismatch") || k.equals("get-range content-mismatch"));
  }

  @Test
  void missingObjectsCountByStatus() throws Exception {
    List<ObjectRef> refs = store(2, 1000);
    objects.clear();
    LoadResult r = run(new LoadOptions().rate(20).duration(Duration.ofSeconds(1)), refs);
    assertThat(r.errors()).containsOnlyKeys("get 404");
    assertThat(r.errors().get("get 404")).isEqualTo(20L);
  }

  @Test
  void latencyCountsTheWaitBehindSlowResponses() throws Exception {
    List<ObjectRef> refs = store(1, 100);
    delayMillis = 100;
    // 20 requests due within one second, one at a time, each taking 100 ms: the last one is due at
    // 0.95 s but can
    // only start at about 1.9 s. Service time stays near 100 ms; corrected latency grows to about 1
    // s.
    LoadResult r =
        run(new LoadOptions().rate(20).concurrency(1).duration(Duration.ofSeconds(1)), refs);
    OpStats get = r.ops().get("get");
    assertThat(get.ok()).isEqualTo(20);
    assertThat(get.service().getValueAtPercentile(99)).isLessThan(400_000);
    assertThat(get.latency().getValueAtPercentile(99)).isGreaterThan(700_000);
  }

  @Test
  void closedLoopKeepsEveryWorkerBusyAndReportsServiceTimes(@TempDir Path dir) throws Exception {
    List<ObjectRef> refs = store(4, 1000);
    delayMillis = 50;
    // 4 workers, 50 ms per response, 1 s: at most 4 * 1000 / 50 = 80 requests (plus the 4 in
    // flight at the end), and far more than the 1 the rate option would give under the open model;
    // no request waits for another, so latency is service time plus only the moment between a
    // worker's turn and the send (a busy machine once put 32 µs there, one histogram bucket up).
    LoadResult r =
        run(
            new LoadOptions()
                .model(LoadOptions.Model.CLOSED)
                .rate(1)
                .concurrency(4)
                .duration(Duration.ofSeconds(1)),
            refs);
    OpStats get = r.ops().get("get");
    assertThat(get.ok()).isBetween(8L, 84L);
    assertThat(r.totalErrors()).isZero();
    assertThat(r.dropped()).isZero();
    long serviceP99 = get.service().getValueAtPercentile(99);
    assertThat(serviceP99).isGreaterThanOrEqualTo(50_000);
    assertThat(get.latency().getValueAtPercentile(99))
        .isBetween(serviceP99, serviceP99 + serviceP99 / 20 + 1000);
    assertThat(r.seconds()).isBetween(1.0, 5.0);

    JsonObject json = r.toJson();
    assertThat(json.getString("model")).isEqualTo("closed");
    assertThat(json.getJsonObject("options").getString("model")).isEqualTo("closed");
    assertThat(json.getJsonObject("options").getValue("rate")).isNull();
    String page = HtmlReport.render(r);
    assertThat(page).contains("closed loop: 4 workers").doesNotContain("target rate");
  }

  @Test
  void theOpenModelIsTheDefaultAndSaysSo() throws Exception {
    LoadResult r = run(new LoadOptions().rate(20).duration(Duration.ofSeconds(1)), store(1, 100));
    assertThat(r.toJson().getString("model")).isEqualTo("open");
    assertThat(HtmlReport.render(r)).contains("open model: target rate 20 ops/s");
    assertThat(LoadOptions.Model.parse(" Closed ")).isEqualTo(LoadOptions.Model.CLOSED);
    assertThatThrownBy(() -> LoadOptions.Model.parse("batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("open or closed");
  }

  /** One second of ranged reads of 3000 bytes at {@code rate}. */
  private static LoadOptions rangesOnly(double rate) {
    return new LoadOptions()
        .rate(rate)
        .duration(Duration.ofSeconds(1))
        .rangeFraction(1)
        .rangeBytes(3000);
  }

  private static List<ObjectRef> unknownContent(List<ObjectRef> refs) {
    return refs.stream().map(r -> new ObjectRef(r.bucket(), r.cid(), r.size(), -1)).toList();
  }

  @Test
  void rangesOfGivenObjectsAreCheckedAgainstBytesReadWholeFirst() throws Exception {
    List<ObjectRef> refs = unknownContent(store(3, 20_000));
    LoadResult r = run(rangesOnly(100), refs);
    assertThat(r.ops()).containsOnlyKeys("get-range");
    assertThat(r.totalErrors()).isZero();
    assertThat(r.verified()).isEqualTo(r.totalOps()).isEqualTo(100);
  }

  @Test
  void wrongRangesOfGivenObjectsAreMismatches() throws Exception {
    List<ObjectRef> refs = unknownContent(store(1, 20_000));
    corruptCid = refs.get(0).cid().toString();
    corruptRangesOnly = true;
    LoadResult r = run(rangesOnly(50), refs);
    assertThat(r.mismatches()).isEqualTo(r.totalOps()).isEqualTo(50);
    assertThat(r.errors()).containsOnlyKeys("get-range content-mismatch");

    // Without memory for the bytes the ranges cannot be checked beyond their length.
    LoadResult unchecked = run(rangesOnly(50).rangeCheckMemory(0), refs);
    assertThat(unchecked.totalErrors()).isZero();
  }

  @Test
  void aGivenObjectThatDoesNotMatchItsCidStopsTheRunBeforeMeasuring() {
    List<ObjectRef> refs = unknownContent(store(2, 5000));
    corruptCid = refs.get(1).cid().toString();
    assertThatThrownBy(
            () ->
                run(
                    new LoadOptions().rate(10).duration(Duration.ofSeconds(1)).rangeFraction(0.5),
                    refs))
        .hasMessageContaining(corruptCid)
        .hasMessageContaining("cid-mismatch");
  }
}
