package io.ddc.loadtest;

import io.ddc.protocol.cid.Cid;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddc loadtest}: drive nodes with an open-model workload and write a JSON result and an HTML
 * report.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Drive DDC nodes with an open-model workload: requests are due at a fixed rate whatever the responses do,",
      "latencies are measured from the due time (coordinated omission corrected), every checked read is compared",
      "with its CID. Writes RESULT_DIR/result.json and RESULT_DIR/report.html."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc loadtest --devnet devnet-data/devnet.json --cids cids.txt --rate 500 --duration 60s",
      "  ./ddc loadtest --target http://127.0.0.1:8091 --cids cids.txt --range-fraction 0.2 --out /tmp/lt"
    })
public final class LoadtestCommand implements Callable<Integer> {

  @Option(
      names = "--devnet",
      paramLabel = "FILE",
      description = "devnet.json to take the node list from.")
  Path devnet;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description = "HTTP URL of a node (repeatable); requests rotate over the targets.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--cids",
      paramLabel = "FILE",
      description =
          "Objects to read, one CID per line (the gateway cannot write; their sizes are asked with HEAD).")
  Path cids;

  @Option(names = "--bucket", description = "Bucket id.")
  long bucket = LoadOptions.DEFAULT_BUCKET;

  @Option(names = "--token", description = "Access token (base58) for private buckets.")
  String token;

  @Option(names = "--rate", description = "Target operations per second.")
  double rate = LoadOptions.DEFAULT_RATE;

  @Option(
      names = "--concurrency",
      description = "Most requests in flight (and connections per target).")
  int concurrency = LoadOptions.DEFAULT_CONCURRENCY;

  @Option(names = "--duration", description = "Measured phase, e.g. 30s, 5m.")
  String duration = "30s";

  @Option(names = "--range-fraction", description = "Share of reads that ask for a byte range.")
  double rangeFraction = LoadOptions.DEFAULT_RANGE_FRACTION;

  @Option(names = "--range-bytes", description = "Length of ranged reads.")
  String rangeBytes = "64KiB";

  @Option(names = "--hot-fraction", description = "Share of the objects in the hot set.")
  double hotFraction = LoadOptions.DEFAULT_HOT_FRACTION;

  @Option(names = "--hot-probability", description = "Share of reads that go to the hot set.")
  double hotProbability = LoadOptions.DEFAULT_HOT_PROBABILITY;

  @Option(
      names = "--verify-sample",
      description = "Share of successful reads whose bytes are checked.")
  double verifySample = LoadOptions.DEFAULT_VERIFY_SAMPLE;

  @Option(names = "--http2", description = "Use h2c instead of HTTP/1.1 keep-alive.")
  boolean http2;

  @Option(names = "--seed", description = "Seed of all random choices.")
  long seed = LoadOptions.DEFAULT_SEED;

  @Option(
      names = "--out",
      paramLabel = "RESULT_DIR",
      description = "Where result.json and report.html go.")
  Path out = Path.of("loadtest-result");

  @Override
  public Integer call() throws Exception {
    List<String> urls = new ArrayList<>(targets);
    if (devnet != null) {
      JsonArray nodes = new JsonObject(Files.readString(devnet)).getJsonArray("nodes");
      for (int i = 0; i < nodes.size(); i++) {
        urls.add(nodes.getJsonObject(i).getString("httpUrl"));
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no target: give --target URL or --devnet FILE");
    }
    if (cids == null) {
      throw new IllegalArgumentException(
          "the HTTP gateway is read-only: give the objects to read with --cids FILE (one CID per line)");
    }
    LoadOptions options =
        new LoadOptions()
            .rate(rate)
            .concurrency(concurrency)
            .duration(parseDuration(duration))
            .rangeFraction(rangeFraction)
            .rangeBytes(Sizes.parseBytes(rangeBytes))
            .hotFraction(hotFraction)
            .hotProbability(hotProbability)
            .verifySample(verifySample)
            .bucket(bucket)
            .seed(seed);
    List<Cid> wanted = new ArrayList<>();
    for (String line : Files.readAllLines(cids)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        wanted.add(Cid.parse(line.trim().split("\\s+")[0]));
      }
    }
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException(cids + " names no CID");
    }
    Files.createDirectories(out);
    Vertx vertx = Vertx.vertx();
    try {
      Context ctx = vertx.getOrCreateContext();
      CompletableFuture<LoadResult> done = new CompletableFuture<>();
      PrintStream err = System.err;
      ctx.runOnContext(
          v -> {
            List<HttpGatewayTarget> ts = new ArrayList<>();
            for (String u : urls) {
              ts.add(
                  new HttpGatewayTarget(
                      vertx, u, concurrency, http2, token, options.requestTimeout().toMillis()));
            }
            Target target = RoundRobinTarget.of(ts);
            List<Future<ObjectRef>> refs = new ArrayList<>();
            for (Cid c : wanted) {
              refs.add(ts.get(0).describe(bucket, c));
            }
            Future.all(refs)
                .compose(
                    all -> {
                      List<ObjectRef> r = new ArrayList<>();
                      for (Future<ObjectRef> f : refs) {
                        r.add(f.result());
                      }
                      err.printf(
                          "loadtest: %d objects, %s, %.0f ops/s for %s%n",
                          r.size(), target.describe(), rate, duration);
                      return LoadRun.start(
                          vertx, ctx, target, options, r, p -> printProgress(err, p));
                    })
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        done.complete(ar.result());
                      } else {
                        done.completeExceptionally(ar.cause());
                      }
                    });
          });
      LoadResult result = done.get(options.duration().toSeconds() + 600, TimeUnit.SECONDS);
      Files.writeString(out.resolve("result.json"), result.toJson().encodePrettily() + "\n");
      HtmlReport.write(result, out.resolve("report.html"));
      printSummary(result);
      return result.mismatches() > 0 ? 3 : 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; examples: 500ms, 30s, 5m");
    }
  }

  private static void printProgress(PrintStream err, LoadRun.Progress p) {
    if (p.phase().equals("preload")) {
      err.printf("  preload %d/%d objects%n", p.second(), p.totalSeconds());
    } else {
      err.printf(
          "  [%3ds/%ds] %6d ops/s  p99 %8.2f ms  errors %d  %s/s%n",
          p.second(),
          p.totalSeconds(),
          p.ops(),
          p.p99Millis(),
          p.errors(),
          Sizes.format(p.bytes()));
    }
  }

  private void printSummary(LoadResult r) {
    System.out.printf(
        "%d operations in %.1f s = %.0f ops/s, %d errors, %d checked (%d wrong)%n",
        r.totalOps(),
        r.seconds(),
        r.totalOps() / r.seconds(),
        r.totalErrors(),
        r.verified(),
        r.mismatches());
    for (OpStats o : r.ops().values()) {
      System.out.printf(
          "  %-9s p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms%n",
          o.name(),
          o.latency().getValueAtPercentile(50) / 1000.0,
          o.latency().getValueAtPercentile(99) / 1000.0,
          o.latency().getValueAtPercentile(99.9) / 1000.0,
          o.latency().getMaxValue() / 1000.0);
    }
    System.out.println("report: " + out.resolve("report.html").toAbsolutePath());
  }
}
