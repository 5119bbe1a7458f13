package io.ddc.loadtest;

import io.ddc.client.node.AuthTokens;
import io.ddc.client.node.NodeClientOptions;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
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
      "Drive DDC nodes with a workload and write RESULT_DIR/result.json and report.html.",
      "Open model (default): requests are due at a fixed rate whatever the responses do; latencies count",
      "from the due time (coordinated omission corrected). Closed model (--model closed): --concurrency",
      "workers each send the next request when the previous one completed; latencies are service times.",
      "Sampled reads are checked against their CID or compared byte for byte with what was written.",
      "Reads go through the HTTP gateway or gRPC (--protocol); writes and preloading always use gRPC."
    },
    footer = {
      "",
      "Examples:",
      "  ./ddc loadtest --devnet devnet-data/devnet.json --rate 500 --duration 60s",
      "  ./ddc loadtest --devnet devnet-data/devnet.json --protocol grpc --get-ratio 0.8 --sizes 1MiB",
      "  ./ddc loadtest --target http://127.0.0.1:8091 --cids cids.txt --range-fraction 0.2 --out /tmp/lt",
      "  ./ddc loadtest --devnet devnet-data/devnet.json --model closed --concurrency 16 --get-ratio 0 --sizes 1MiB"
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
      description =
          "A node: http://host:port (gateway) or grpc://host:port (repeatable); requests rotate over them.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--protocol",
      description = "How reads travel: http (the CDN gateway) or grpc (getFile). Writes use gRPC.")
  String protocol = "http";

  @Option(
      names = "--signer",
      paramLabel = "SURI",
      description =
          "Secret URI of the account that signs gRPC calls (default: the devnet's owner account).")
  String signer;

  @Option(
      names = "--get-ratio",
      description = "Share of operations that are reads (the rest are writes).")
  double getRatio = LoadOptions.DEFAULT_GET_RATIO;

  @Option(
      names = "--objects",
      description = "Objects written before the measured phase (without --cids).")
  int objects = LoadOptions.DEFAULT_OBJECTS;

  @Option(
      names = "--sizes",
      description =
          "Object sizes: one size (4KiB), a list (4KiB,1MiB) or weighted (4KiB=9,1MiB=1).")
  String sizes = "4KiB";

  @Option(
      names = "--cids",
      paramLabel = "FILE",
      description =
          "Objects to read, one CID per line, instead of preloading (sizes are asked with HEAD; needs an HTTP target).")
  Path cids;

  @Option(names = "--bucket", description = "Bucket id.")
  long bucket = LoadOptions.DEFAULT_BUCKET;

  @Option(names = "--token", description = "Access token (base58) for private buckets.")
  String token;

  @Option(
      names = "--model",
      description =
          "open (a target --rate, latencies corrected for coordinated omission) or closed (--concurrency"
              + " workers back to back, no rate; latencies are service times).")
  String model = LoadOptions.DEFAULT_MODEL.label();

  @Option(names = "--rate", description = "Target operations per second (open model).")
  double rate = LoadOptions.DEFAULT_RATE;

  @Option(
      names = "--concurrency",
      description =
          "Most requests in flight (and connections per target); workers under the closed model.")
  int concurrency = LoadOptions.DEFAULT_CONCURRENCY;

  @Option(names = "--duration", description = "Measured phase, e.g. 30s, 5m.")
  String duration = "30s";

  @Option(
      names = "--warmup",
      description =
          "Unmeasured phase before the measured one: the same workload from the same process"
              + " (other objects for writes), so that this process's and the nodes' JIT have"
              + " compiled the paths being measured; 0s for none. Default: ${DEFAULT-VALUE}.")
  String warmup = "0s";

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

  @Option(
      names = "--range-check-memory",
      description =
          "With --cids and checked ranged reads: each object is first read whole and checked against its"
              + " CID, and its bytes are kept, up to this much in all, to check ranged reads of it.")
  String rangeCheckMemory = "256MiB";

  @Option(names = "--http2", description = "Use h2c instead of HTTP/1.1 keep-alive.")
  boolean http2;

  @Option(
      names = "--seed",
      description =
          "Seed of all random choices, written objects' contents included. Default: a fresh seed per"
              + " run (printed, and kept in result.json), so that a second run against the same"
              + " nodes writes new objects instead of re-sending the first run's (which nodes that"
              + " already hold a piece store cheaply); give the printed seed to repeat a run.")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "RESULT_DIR",
      description = "Where result.json and report.html go.")
  Path out = Path.of("loadtest-result");

  @Override
  public Integer call() throws Exception {
    List<String> httpUrls = new ArrayList<>();
    List<String> grpcUrls = new ArrayList<>();
    for (String t : targets) {
      (t.startsWith("grpc://") ? grpcUrls : httpUrls).add(t);
    }
    String signerUri = signer;
    List<String> cacheGrpcUrls = new ArrayList<>();
    if (devnet != null) {
      JsonObject d = new JsonObject(Files.readString(devnet));
      JsonArray nodes = d.getJsonArray("nodes");
      for (int i = 0; i < nodes.size(); i++) {
        httpUrls.add(nodes.getJsonObject(i).getString("httpUrl"));
        grpcUrls.add(nodes.getJsonObject(i).getString("grpcUrl"));
        if ("Cache".equals(nodes.getJsonObject(i).getString("mode"))) {
          cacheGrpcUrls.add(nodes.getJsonObject(i).getString("grpcUrl")); // reads only
        }
      }
      JsonArray accounts = d.getJsonArray("accounts", new JsonArray());
      for (int i = 0; i < accounts.size() && signerUri == null; i++) {
        JsonObject a = accounts.getJsonObject(i);
        if ("owner".equals(a.getString("name")) && a.getString("uri") != null) {
          signerUri = a.getString("uri");
        }
      }
    }
    boolean grpcReads =
        switch (protocol) {
          case "grpc" -> true;
          case "http" -> false;
          default ->
              throw new IllegalArgumentException(
                  "--protocol is http or grpc, '" + protocol + "' given");
        };
    if ((grpcReads ? grpcUrls : httpUrls).isEmpty()) {
      throw new IllegalArgumentException(
          "no "
              + protocol
              + " target: give --target "
              + (grpcReads ? "grpc" : "http")
              + "://host:port or --devnet FILE");
    }
    if (cids != null && httpUrls.isEmpty()) {
      throw new IllegalArgumentException("--cids needs an HTTP target to ask the objects' sizes");
    }
    if (cids == null && grpcUrls.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to read: give --cids FILE, or a gRPC target (--target grpc://… or --devnet) to preload through");
    }
    NodeClientOptions callAs = new NodeClientOptions();
    if (signerUri != null) {
      callAs.signer(Keys.fromUri(signerUri, KeyScheme.SR25519));
    }
    if (token != null) {
      callAs.accessToken(AuthTokens.fromBase58(token));
    }
    LoadOptions options =
        new LoadOptions()
            .model(LoadOptions.Model.parse(model))
            .rate(rate)
            .concurrency(concurrency)
            .duration(parseDuration(duration))
            .getRatio(cids != null && grpcUrls.isEmpty() ? 1.0 : getRatio)
            .objects(objects)
            .sizes(Sizes.parse(sizes))
            .rangeFraction(rangeFraction)
            .rangeBytes(Sizes.parseBytes(rangeBytes))
            .hotFraction(hotFraction)
            .hotProbability(hotProbability)
            .verifySample(verifySample)
            .rangeCheckMemory(Sizes.parseBytes(rangeCheckMemory))
            .bucket(bucket)
            .seed(seed != null ? seed : new java.security.SecureRandom().nextLong());
    List<Cid> wanted = new ArrayList<>();
    if (cids != null) {
      for (String line : Files.readAllLines(cids)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          wanted.add(Cid.parse(line.trim().split("\\s+")[0]));
        }
      }
      if (wanted.isEmpty()) {
        throw new IllegalArgumentException(cids + " names no CID");
      }
    }
    Duration warmupFor = parseDuration(warmup);
    if (warmupFor.isNegative()) {
      throw new IllegalArgumentException("--warmup must not be negative");
    }
    Files.createDirectories(out);
    Vertx vertx = Vertx.vertx();
    try {
      Context ctx = vertx.getOrCreateContext();
      CompletableFuture<LoadResult> done = new CompletableFuture<>();
      PrintStream err = System.err;
      ctx.runOnContext(
          v -> {
            List<HttpGatewayTarget> http = new ArrayList<>();
            for (String u : httpUrls) {
              http.add(
                  new HttpGatewayTarget(
                      vertx, u, concurrency, http2, token, options.requestTimeout().toMillis()));
            }
            List<GrpcTarget> grpc = new ArrayList<>();
            List<GrpcTarget> grpcWriters = new ArrayList<>();
            for (String u : grpcUrls) {
              GrpcTarget t = new GrpcTarget(vertx, u, callAs);
              grpc.add(t);
              if (!cacheGrpcUrls.contains(u)) {
                grpcWriters.add(t); // cache-mode nodes refuse writes
              }
            }
            Target target =
                grpcReads
                    ? new SplitTarget(RoundRobinTarget.of(grpc), RoundRobinTarget.of(grpcWriters))
                    : grpc.isEmpty()
                        ? RoundRobinTarget.of(http)
                        : new SplitTarget(
                            RoundRobinTarget.of(http), RoundRobinTarget.of(grpcWriters));
            List<Future<ObjectRef>> refs = new ArrayList<>();
            for (Cid c : wanted) {
              refs.add(http.get(0).describe(bucket, c));
            }
            Future.all(refs)
                .compose(
                    all -> {
                      List<ObjectRef> r = new ArrayList<>();
                      for (Future<ObjectRef> f : refs) {
                        r.add(f.result());
                      }
                      err.printf(
                          "loadtest: %s objects, %s, %s for %s, seed %d%n",
                          r.isEmpty() ? "preloading " + objects : Integer.toString(r.size()),
                          target.describe(),
                          options.model() == LoadOptions.Model.OPEN
                              ? String.format(Locale.ROOT, "%.0f ops/s", rate)
                              : "closed loop, " + concurrency + " workers",
                          duration,
                          options.seed());
                      return warmUp(vertx, ctx, target, options, warmupFor, r, err)
                          .compose(
                              warmed ->
                                  LoadRun.start(
                                      vertx, ctx, target, options, r, p -> printProgress(err, p)));
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
      LoadResult result =
          done.get(warmupFor.toSeconds() + options.duration().toSeconds() + 600, TimeUnit.SECONDS);
      Files.writeString(out.resolve("result.json"), result.toJson().encodePrettily() + "\n");
      HtmlReport.write(result, out.resolve("report.html"));
      printSummary(result);
      return result.mismatches() > 0 ? 3 : 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Seeds the warm-up's random choices apart from the measured run's (its writes are other
   * objects).
   */
  static final long WARMUP_SEED_MIX = 0x5DEECE66DL;

  /**
   * Runs the workload for {@code length} without reporting it (a summary line only), so that the
   * measured run starts with compiled code on both sides; nothing when {@code length} is zero.
   */
  private static Future<Void> warmUp(
      Vertx vertx,
      Context ctx,
      Target target,
      LoadOptions measured,
      Duration length,
      List<ObjectRef> objects,
      PrintStream err) {
    if (length.isZero()) {
      return Future.succeededFuture();
    }
    err.printf("loadtest: warm-up for %s (not reported)%n", length);
    LoadOptions warm =
        new LoadOptions(measured).duration(length).seed(measured.seed() ^ WARMUP_SEED_MIX);
    return LoadRun.start(vertx, ctx, target, warm, objects, p -> printProgress(err, p))
        .map(
            r -> {
              err.printf(
                  "loadtest: warm-up done, %d operations, %d errors; measuring%n",
                  r.totalOps(), r.totalErrors());
              return null;
            });
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
    } else if (p.phase().equals("check")) {
      err.printf(
          "  read %d/%d objects whole to check ranges of them (%s kept)%n",
          p.second(), p.totalSeconds(), Sizes.format(p.bytes()));
    } else {
      err.println(progressLine(p));
    }
  }

  /** One console progress line of the measured phase, with the time left. */
  static String progressLine(LoadRun.Progress p) {
    int left = Math.max(0, p.totalSeconds() - p.second());
    return String.format(
        Locale.ROOT,
        "  [%3ds/%ds, %s] %6d ops/s  p99 %8.2f ms  errors %d  %s/s",
        p.second(),
        p.totalSeconds(),
        left == 0 ? "draining" : String.format(Locale.ROOT, "%d:%02d left", left / 60, left % 60),
        p.ops(),
        p.p99Millis(),
        p.errors(),
        Sizes.format(p.bytes()));
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
