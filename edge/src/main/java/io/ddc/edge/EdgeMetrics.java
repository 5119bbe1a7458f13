package io.ddc.edge;

import io.ddc.cluster.ClusterStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's Prometheus metrics ({@code GET /metrics}): per RPC and transport, and per gateway
 * route, the calls by outcome, their latency, and the bytes in and out; on a clustered node the
 * cluster manager's counters (replication, fetches, repair). Meter names are in
 * docs/spec/gateway.md ("Metrics"). Thread-safe.
 */
final class EdgeMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The Prometheus text exposition of every meter. */
  String scrape() {
    return registry.scrape();
  }

  /**
   * Meters of a clustered node's cluster manager, read from {@code stats} at each scrape: live
   * nodes, replicated writes, fetches from peers, faults recorded, repair passes with their copies,
   * bytes, failures, steps past their deadline, surplus copies dropped and copies left to placement
   * holders, and the cache-mode bytes and evictions (gateway.md "Metrics"). Called once.
   */
  void cluster(java.util.function.Supplier<ClusterStats> stats) {
    clusterStats = stats;
    // The meters read through this object: they keep only a weak reference to what they read.
    Gauge.builder("ddc_cluster_live_nodes", this, m -> m.clusterStats.get().liveNodes())
        .register(registry);
    Gauge.builder("ddc_cluster_cache_bytes", this, m -> m.clusterStats.get().cacheBytes())
        .register(registry);
    counter("ddc_cluster_writes_acknowledged", ClusterStats::writesAcknowledged);
    counter("ddc_cluster_writes_failed", ClusterStats::writesFailed);
    counter("ddc_cluster_fetches", ClusterStats::fetches);
    counter("ddc_cluster_fetch_failures", ClusterStats::fetchFailures);
    counter("ddc_cluster_faults_recorded", ClusterStats::faultsRecorded);
    counter("ddc_cluster_cache_evictions", ClusterStats::cacheEvictions);
    counter("ddc_repair_passes", ClusterStats::repairPasses);
    counter("ddc_repair_copies", ClusterStats::repairCopies);
    counter("ddc_repair_copied_bytes", ClusterStats::repairBytes);
    counter("ddc_repair_failures", ClusterStats::repairFailures);
    counter("ddc_repair_step_timeouts", ClusterStats::repairStepTimeouts);
    counter("ddc_repair_surplus_dropped", ClusterStats::repairDropped);
    counter("ddc_repair_left_to_placement_holders", ClusterStats::repairDeferred);
  }

  private void counter(String name, java.util.function.ToLongFunction<ClusterStats> value) {
    FunctionCounter.builder(name, this, m -> value.applyAsLong(m.clusterStats.get()))
        .register(registry);
  }

  /** The cluster manager's counters on a clustered node (set by {@link #cluster}), else null. */
  private volatile java.util.function.Supplier<ClusterStats> clusterStats;

  /** Wraps a call so that its outcome, latency and bytes are counted. */
  RpcCall metered(RpcCall call, String transport) {
    return new MeteredCall(call, transport);
  }

  /**
   * The meters of one gateway route, built once: recording a request allocates no tags and looks
   * nothing up by name.
   */
  GatewayMeters gatewayMeters(String route) {
    return new GatewayMeters(route);
  }

  /** Pre-built meters of one gateway route: a timer per HTTP status (built on first use). */
  final class GatewayMeters {
    private final String route;
    private final Counter bytesOut;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private GatewayMeters(String route) {
      this.route = route;
      this.bytesOut =
          Counter.builder("ddc_gateway_bytes_out")
              .baseUnit("bytes")
              .tags("route", route)
              .register(registry);
    }

    /** Records one finished request of this route. */
    void record(int status, long nanos, long bytes) {
      timer(status).record(nanos, TimeUnit.NANOSECONDS);
      if (bytes > 0) {
        bytesOut.increment(bytes);
      }
    }

    private Timer timer(int status) {
      int i = status >= 0 && status < byStatus.length() ? status : 0;
      Timer t = byStatus.get(i);
      if (t == null) {
        t =
            Timer.builder("ddc_gateway_requests")
                .description("Gateway requests by route and HTTP status")
                .tags("route", route, "status", Integer.toString(status))
                .register(registry);
        byStatus.set(i, t);
      }
      return t;
    }
  }

  /** The meters of one RPC method and transport, built once (no tags or lookups per call). */
  private final class RpcMeters {
    private final String method;
    private final String transport;
    private final DistributionSummary bytesIn;
    private final DistributionSummary bytesOut;
    private final ConcurrentHashMap<String, Timer> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errorsByStatus = new ConcurrentHashMap<>();

    RpcMeters(String method, String transport) {
      this.method = method;
      this.transport = transport;
      this.bytesIn =
          DistributionSummary.builder("ddc_rpc_bytes_in")
              .baseUnit("bytes")
              .tags("method", method, "transport", transport)
              .register(registry);
      this.bytesOut =
          DistributionSummary.builder("ddc_rpc_bytes_out")
              .baseUnit("bytes")
              .tags("method", method, "transport", transport)
              .register(registry);
    }

    void record(String status, long nanos, long in, long out) {
      byStatus
          .computeIfAbsent(
              status,
              s ->
                  Timer.builder("ddc_rpc_requests")
                      .description("RPCs by method, transport and gRPC status")
                      .tags("method", method, "transport", transport, "status", s)
                      .register(registry))
          .record(nanos, TimeUnit.NANOSECONDS);
      if (!status.equals("OK")) {
        errorsByStatus
            .computeIfAbsent(
                status,
                s ->
                    Counter.builder("ddc_rpc_errors")
                        .tags("method", method, "transport", transport, "status", s)
                        .register(registry))
            .increment();
      }
      bytesIn.record(in);
      bytesOut.record(out);
    }
  }

  private record RpcKey(String method, String transport) {}

  private final ConcurrentHashMap<RpcKey, RpcMeters> rpcMeters = new ConcurrentHashMap<>();

  private void rpc(String method, String transport, String status, long nanos, long in, long out) {
    rpcMeters
        .computeIfAbsent(new RpcKey(method, transport), k -> new RpcMeters(method, transport))
        .record(status, nanos, in, out);
  }

  private final java.util.concurrent.atomic.AtomicReference<HotPieces> hotGauged =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Gauges of the gateway's small-piece cache: pieces kept and their bytes. Every HTTP server
   * instance of a node passes the node's one cache; the gauges are registered for the first only.
   */
  void hotPieces(HotPieces hot) {
    if (!hotGauged.compareAndSet(null, hot)) {
      return;
    }
    io.micrometer.core.instrument.Gauge.builder("ddc_gateway_hot_pieces", hot, HotPieces::size)
        .description("Small pieces the gateway answers from memory")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("ddc_gateway_hot_bytes", hot, HotPieces::bytes)
        .baseUnit("bytes")
        .description("Bytes of the small pieces the gateway answers from memory")
        .register(registry);
  }

  /**
   * Counter of hot answers written in a connection's pipeline before Vert.x ({@link
   * HotGetHandler}); they are also counted as requests of the gateway's {@code cid} route. One per
   * node: every HTTP server instance gets the same counter.
   */
  Counter hotDirectAnswers() {
    return Counter.builder("ddc_gateway_hot_direct_answers")
        .description("Hot gateway answers written before Vert.x handled the request")
        .register(registry);
  }

  /** Counts what passes through a call; records once when it ends, fails or is cancelled. */
  private final class MeteredCall implements RpcCall {
    private final RpcCall call;
    private final String transport;
    private final long started = System.nanoTime();
    private long in;
    private long out;
    private boolean recorded;

    MeteredCall(RpcCall call, String transport) {
      this.call = call;
      this.transport = transport;
    }

    private void record(String status) {
      if (!recorded) {
        recorded = true;
        rpc(call.method(), transport, status, System.nanoTime() - started, in, out);
      }
    }

    @Override
    public String method() {
      return call.method();
    }

    @Override
    public String metadata(String key) {
      return call.metadata(key);
    }

    @Override
    public void messageHandler(Handler<Buffer> handler) {
      call.messageHandler(
          b -> {
            in += b.length();
            handler.handle(b);
          });
    }

    @Override
    public void endHandler(Handler<Void> handler) {
      call.endHandler(handler);
    }

    @Override
    public void cancelHandler(Handler<Void> handler) {
      call.cancelHandler(
          v -> {
            record("CANCELLED");
            handler.handle(v);
          });
    }

    @Override
    public void pause() {
      call.pause();
    }

    @Override
    public void resume() {
      call.resume();
    }

    @Override
    public void sendHeaders() {
      call.sendHeaders();
    }

    @Override
    public Future<Void> send(Buffer message) {
      out += message.length();
      return call.send(message);
    }

    @Override
    public Future<Void> sendUncopied(io.netty.buffer.ByteBuf message) {
      out += message.readableBytes();
      return call.sendUncopied(message);
    }

    @Override
    public boolean writeQueueFull() {
      return call.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
      call.drainHandler(handler);
    }

    @Override
    public void end(Buffer last) {
      if (last != null) {
        out += last.length();
      }
      call.end(last);
      record("OK");
    }

    @Override
    public void fail(Throwable failure) {
      call.fail(failure);
      record(StatusMapping.of(failure).grpc().name());
    }

    @Override
    public boolean ended() {
      return call.ended();
    }
  }
}
