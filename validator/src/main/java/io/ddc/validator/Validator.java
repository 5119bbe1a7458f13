package io.ddc.validator;

import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.pallets.payouts.Perquintill;
import io.ddc.pallets.payouts.Usage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator of one cluster (docs/spec/validator.md). Every poll it lists the cluster's nodes
 * from the chain, audits each node's newest sealed era, and works on the oldest unpaid era that
 * every node has sealed: verifies the era's records, computes the payout plan, commits its
 * fingerprint, and, once the fingerprint has quorum and it is this validator's turn, runs the
 * payout. All state it continues from is on chain, so a restarted validator picks up where the
 * chain is. Runs on one Vert.x context; no call blocks it.
 */
public final class Validator {
  private static final Logger LOG = LoggerFactory.getLogger(Validator.class);

  private final Vertx vertx;
  private final Context context;
  private final HttpClient httpClient;
  private final PayoutLedger ledger;
  private final byte[] cluster;
  private final ValidatorOptions options;
  private final Consumer<String> progress;
  private final Clock clock;
  private final ActivityCollector collector;
  private final Auditor auditor;
  private final PayoutDriver driver;

  private final Map<Long, PayoutPlan> plans = new HashMap<>();
  private final Set<Long> emptyEras = new HashSet<>();
  private final Map<Long, Instant> quorumSeen = new HashMap<>();
  private final Map<AccountId, Long> audited = new HashMap<>();
  private final Map<Long, AccountId> owners = new HashMap<>();
  private volatile boolean closed;
  private long timer = -1;
  private Future<Void> running = Future.succeededFuture();

  private Validator(
      Vertx vertx,
      PayoutLedger ledger,
      Signer signer,
      byte[] cluster,
      ValidatorOptions options,
      Consumer<String> progress,
      Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.httpClient =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout((int) options.httpTimeout().toMillis()),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(4));
    this.ledger = ledger;
    this.cluster = cluster.clone();
    this.options = new ValidatorOptions(options);
    this.progress = progress;
    this.clock = clock;
    NodeHttp http = new NodeHttp(vertx, httpClient, this.options);
    this.collector = new ActivityCollector(vertx, http);
    this.auditor = new Auditor(http, signer, this.options, clock, new SecureRandom());
    this.driver = new PayoutDriver(ledger, this.cluster, progress);
  }

  /**
   * Starts validating {@code clusterId} on {@code chain} with {@code signer}'s key; completes once
   * the chain confirmed the cluster exists and the key is in the validator set.
   *
   * @param progress receives one human-readable line per step (commits, payouts, audits, reports)
   */
  public static Future<Validator> start(
      Vertx vertx,
      SubstrateClient chain,
      Signer signer,
      byte[] clusterId,
      ValidatorOptions options,
      Consumer<String> progress) {
    return start(
        vertx,
        new ChainPayoutLedger(chain, signer),
        signer,
        clusterId,
        options,
        progress,
        Clock.systemUTC());
  }

  static Future<Validator> start(
      Vertx vertx,
      PayoutLedger ledger,
      Signer signer,
      byte[] clusterId,
      ValidatorOptions options,
      Consumer<String> progress,
      Clock clock) {
    if (clusterId.length != 20) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "a cluster id has 20 bytes, " + clusterId.length + " given"));
    }
    Validator v = new Validator(vertx, ledger, signer, clusterId, options, progress, clock);
    return v.onContext(ledger.validators())
        .compose(
            set -> {
              if (set.stream().noneMatch(a -> Arrays.equals(a, ledger.self()))) {
                v.httpClient.close();
                return Future.failedFuture(
                    new ValidatorException(
                        new AccountId(ledger.self())
                            + " is not in the chain's validator set ("
                            + set.size()
                            + " validators); ask the chain's root to add it"));
              }
              v.context.runOnContext(x -> v.schedule(0));
              return Future.succeededFuture(v);
            });
  }

  /** Stops polling; completes when the current poll finished. */
  public Future<Void> close() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        x -> {
          closed = true;
          if (timer >= 0) {
            vertx.cancelTimer(timer);
          }
          running.eventually(() -> httpClient.close()).onComplete(r -> p.complete());
        });
    return p.future();
  }

  private void schedule(long delayMs) {
    if (closed) {
      return;
    }
    Runnable poll =
        () -> {
          timer = -1;
          if (closed) {
            return;
          }
          running =
              poll()
                  .recover(
                      e -> {
                        progress.accept("poll failed: " + message(e));
                        LOG.debug("poll failed", e);
                        return Future.succeededFuture();
                      })
                  .onComplete(r -> schedule(options.pollInterval().toMillis()));
        };
    if (delayMs == 0) {
      poll.run();
    } else {
      timer = vertx.setTimer(delayMs, t -> poll.run());
    }
  }

  /** One look at the nodes and the chain. Package-private for tests. */
  Future<Void> poll() {
    return onContext(ledger.nodes(cluster))
        .compose(
            nodes -> {
              Map<NodeEndpoint, List<ActivityCollector.EraInfo>> eras = new TreeMap<>(BY_KEY);
              Future<Void> all = Future.succeededFuture();
              for (NodeEndpoint n : nodes) {
                all =
                    all.compose(
                        x ->
                            collector
                                .eras(n)
                                .map(
                                    list -> {
                                      eras.put(n, list);
                                      return (Void) null;
                                    })
                                .recover(
                                    e -> {
                                      LOG.info("{}: no era list: {}", n.httpBase(), message(e));
                                      return Future.succeededFuture();
                                    }));
              }
              return all.compose(x -> audits(eras))
                  .compose(x -> onContext(ledger.lastPaidEra(cluster)))
                  .compose(lastPaid -> payouts(nodes, eras, lastPaid));
            });
  }

  private static final java.util.Comparator<NodeEndpoint> BY_KEY =
      java.util.Comparator.comparing(NodeEndpoint::nodeKey);

  // ---- audits ---------------------------------------------------------------------------------

  /**
   * Audits each node whose newest processed era it has not audited yet; the peers' fault reports
   * are asked for only when some node is due, not at every poll.
   */
  private Future<Void> audits(Map<NodeEndpoint, List<ActivityCollector.EraInfo>> eras) {
    Map<NodeEndpoint, Long> due = new java.util.LinkedHashMap<>();
    for (Map.Entry<NodeEndpoint, List<ActivityCollector.EraInfo>> e : eras.entrySet()) {
      long newest = -1;
      for (ActivityCollector.EraInfo i : e.getValue()) {
        if (i.processed()) {
          newest = Math.max(newest, i.id());
        }
      }
      if (newest >= 0 && audited.getOrDefault(e.getKey().nodeKey(), -1L) < newest) {
        due.put(e.getKey(), newest);
      }
    }
    if (due.isEmpty()) {
      return Future.succeededFuture();
    }
    return auditor.peerReports(eras.keySet()).compose(reports -> audits(due, reports));
  }

  private Future<Void> audits(Map<NodeEndpoint, Long> due, Map<AccountId, List<String>> reports) {
    Future<Void> all = Future.succeededFuture();
    for (Map.Entry<NodeEndpoint, Long> e : due.entrySet()) {
      NodeEndpoint n = e.getKey();
      long era = e.getValue();
      all =
          all.compose(
              x ->
                  auditor
                      .audit(
                          n,
                          era,
                          reports.getOrDefault(n.nodeKey(), List.of()).stream().sorted().toList())
                      .compose(
                          r -> {
                            audited.put(n.nodeKey(), era);
                            if (r.challenged() == 0) {
                              return Future.succeededFuture();
                            }
                            return record(r).compose(y -> judge(n, r));
                          })
                      .recover(
                          err -> {
                            LOG.info(
                                "{}: audit of era {} not run: {}", n.httpBase(), era, message(err));
                            return Future.succeededFuture();
                          }));
    }
    return all;
  }

  private Future<Void> record(Auditor.Result r) {
    Path dir = options.dataDir().resolve("audits");
    Path file = dir.resolve("era-" + r.era() + "-" + r.node() + ".json");
    return vertx
        .fileSystem()
        .mkdirs(dir.toString())
        .compose(
            x -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(r.toJson().encode())))
        .recover(
            e -> {
              LOG.warn("cannot record the audit in {}: {}", file, e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Future<Void> judge(NodeEndpoint n, Auditor.Result r) {
    if (r.challenged() > 0 && r.failures().isEmpty()) {
      LOG.debug("{}: era {}: {} challenges passed", n.httpBase(), r.era(), r.challenged());
    }
    if (r.failures().size() < options.auditFailureThreshold()) {
      if (!r.failures().isEmpty()) {
        progress.accept(
            "audit: node " + n.nodeKey() + " failed " + r.failures().size() + " challenge(s)");
      }
      return Future.succeededFuture();
    }
    progress.accept(
        "audit: node "
            + n.nodeKey()
            + " failed "
            + r.failures().size()
            + " of "
            + r.challenged()
            + " challenges in era "
            + r.era()
            + " ("
            + r.failures().get(0)
            + "); reporting it as faulty");
    return onContext(ledger.reportFaultyNode(cluster, n.nodeKey().bytes(), r.era()))
        .recover(
            e -> {
              progress.accept("audit: report of " + n.nodeKey() + " refused: " + message(e));
              return Future.succeededFuture();
            });
  }

  // ---- payouts --------------------------------------------------------------------------------

  private Future<Void> payouts(
      List<NodeEndpoint> nodes,
      Map<NodeEndpoint, List<ActivityCollector.EraInfo>> eras,
      long lastPaid) {
    TreeSet<Long> candidates = new TreeSet<>();
    for (List<ActivityCollector.EraInfo> list : eras.values()) {
      for (ActivityCollector.EraInfo i : list) {
        if (i.processed() && i.id() > lastPaid && !emptyEras.contains(i.id())) {
          candidates.add(i.id());
        }
      }
    }
    plans.keySet().removeIf(e -> e <= lastPaid);
    if (candidates.isEmpty()) {
      return Future.succeededFuture();
    }
    long era = candidates.first();
    List<NodeEndpoint> sealed = new ArrayList<>();
    long eraEnd = 0;
    for (NodeEndpoint n : nodes) {
      List<ActivityCollector.EraInfo> list = eras.get(n);
      ActivityCollector.EraInfo info =
          list == null ? null : list.stream().filter(i -> i.id() == era).findFirst().orElse(null);
      if (info != null && info.processed()) {
        sealed.add(n);
        eraEnd = Math.max(eraEnd, info.timeEnd());
      } else if (list != null && !list.isEmpty() && list.get(0).id() > era) {
        continue; // the node started after the era: it has nothing for it
      } else if (eraEnd == 0 || clock.millis() < eraEnd + options.eraSealTimeout().toMillis()) {
        return Future.succeededFuture(); // wait for the node to seal the era
      } else {
        progress.accept(
            "era "
                + era
                + ": node "
                + n.nodeKey()
                + " has not sealed it in time; going on without");
      }
    }
    return plan(era, sealed, eras)
        .compose(
            plan -> {
              if (plan.isEmpty()) {
                emptyEras.add(era);
                LOG.debug("era {}: nothing to pay", era);
                return payouts(nodes, eras, lastPaid);
              }
              return agreeAndPay(plan);
            });
  }

  private Future<PayoutPlan> plan(
      long era,
      List<NodeEndpoint> sealed,
      Map<NodeEndpoint, List<ActivityCollector.EraInfo>> eras) {
    PayoutPlan cached = plans.get(era);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    Map<AccountId, Usage> customers = new TreeMap<>();
    Map<AccountId, Usage> providers = new TreeMap<>();
    long[] seconds = {0};
    Future<Void> all = Future.succeededFuture();
    for (NodeEndpoint n : sealed) {
      all =
          all.compose(x -> collector.collect(n, eras.get(n), era))
              .compose(
                  ne -> {
                    seconds[0] = (ne.timeEnd() - ne.timeStart()) / 1000;
                    if (!ne.rejected().isEmpty() || ne.claimsDiscarded() > 0) {
                      progress.accept(
                          "era "
                              + era
                              + ": node "
                              + n.nodeKey()
                              + ": records not counted "
                              + ne.rejected()
                              + ", "
                              + ne.claimsDiscarded()
                              + " bucket claim(s) not backed by records");
                    }
                    return attribute(n, ne, customers, providers);
                  });
    }
    return all.compose(
        x ->
            onContext(ledger.terms(cluster))
                .map(
                    terms -> {
                      EraBilling.Amounts a =
                          EraBilling.amounts(
                              customers, providers, terms.pricing(), terms.shares(), seconds[0]);
                      PayoutPlan p = EraBilling.plan(cluster, era, a);
                      plans.put(era, p);
                      if (!p.isEmpty()) {
                        progress.accept(
                            "era "
                                + era
                                + ": "
                                + a.charges().size()
                                + " customer(s) owe "
                                + a.collected()
                                + ", "
                                + a.rewards().size()
                                + " provider(s) earn "
                                + a.collected().subtract(a.fees())
                                + ", fees "
                                + a.fees());
                      }
                      return p;
                    }));
  }

  /** Adds a node's verified era to the customers (bucket owners on chain) and its provider. */
  private Future<Void> attribute(
      NodeEndpoint n,
      NodeEra ne,
      Map<AccountId, Usage> customers,
      Map<AccountId, Usage> providers) {
    Future<Void> all = Future.succeededFuture();
    for (Map.Entry<Long, Usage> b : ne.buckets().entrySet()) {
      long bucket = b.getKey();
      all =
          all.compose(x -> owner(bucket))
              .map(
                  owner -> {
                    if (owner == null) {
                      LOG.info(
                          "era {}: bucket {} is not in this cluster; not billed", ne.era(), bucket);
                      return null;
                    }
                    customers.merge(owner, b.getValue(), Usage::plus);
                    providers.merge(n.provider(), b.getValue(), Usage::plus);
                    return null;
                  });
    }
    return all;
  }

  private Future<AccountId> owner(long bucket) {
    if (owners.containsKey(bucket)) {
      return Future.succeededFuture(owners.get(bucket));
    }
    return onContext(ledger.bucket(bucket))
        .map(
            b -> {
              AccountId owner =
                  b.isPresent() && Arrays.equals(b.get().cluster(), cluster)
                      ? new AccountId(b.get().owner())
                      : null;
              owners.put(bucket, owner);
              return owner;
            });
  }

  private Future<Void> agreeAndPay(PayoutPlan plan) {
    long era = plan.era();
    byte[] fp = ledger.fingerprint(cluster, plan.ehdId(), plan.payersRoot(), plan.payeesRoot());
    AccountId self = new AccountId(ledger.self());
    return onContext(ledger.fingerprintValidators(fp))
        .compose(
            committed -> {
              if (committed.stream().anyMatch(a -> Arrays.equals(a, ledger.self()))) {
                return Future.succeededFuture(committed.size());
              }
              progress.accept(
                  "era " + era + ": committing payout fingerprint " + new AccountId(fp));
              return onContext(
                      ledger.commitFingerprint(
                          cluster, plan.ehdId(), plan.payersRoot(), plan.payeesRoot()))
                  .map(x -> committed.size() + 1);
            })
        .compose(
            count ->
                onContext(ledger.validators())
                    .compose(
                        set -> {
                          long quorum =
                              Perquintill.fromPercent(67)
                                  .mul(BigInteger.valueOf(set.size()))
                                  .longValueExact();
                          if (count < Math.max(1, quorum)) {
                            LOG.debug(
                                "era {}: {} of {} validators committed", era, count, set.size());
                            return Future.succeededFuture();
                          }
                          Instant seen = quorumSeen.computeIfAbsent(era, e -> clock.instant());
                          int rank = rank(set, self, era);
                          Instant turn = seen.plus(options.payoutFallback().multipliedBy(rank));
                          if (clock.instant().isBefore(turn)) {
                            return Future.succeededFuture();
                          }
                          if (rank > 0) {
                            progress.accept(
                                "era " + era + ": taking over the payout (rank " + rank + ")");
                          }
                          return onContext(driver.run(plan, fp))
                              .map(
                                  x -> {
                                    progress.accept("era " + era + ": paid out");
                                    return (Void) null;
                                  });
                        }));
  }

  /**
   * This validator's place in the era's payout order: the validator set sorted by account id,
   * rotated so that {@code era mod n} leads (docs/decisions/0080).
   */
  static int rank(List<byte[]> set, AccountId self, long era) {
    List<AccountId> sorted = new ArrayList<>();
    for (byte[] a : set) {
      sorted.add(new AccountId(a));
    }
    sorted.sort(null);
    int n = sorted.size();
    int me = sorted.indexOf(self);
    int leader = (int) Math.floorMod(era, (long) n);
    return me < 0 ? n : Math.floorMod(me - leader, n);
  }

  private <T> Future<T> onContext(CompletionStage<T> stage) {
    Promise<T> p = Promise.promise();
    stage.whenComplete(
        (v, e) ->
            context.runOnContext(
                x -> {
                  if (e != null) {
                    p.fail(
                        e instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null
                            ? c.getCause()
                            : e);
                  } else {
                    p.complete(v);
                  }
                }));
    return p.future();
  }

  static String message(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  /** The effective options, for a start-up log line. */
  public JsonObject options() {
    return options.toJson();
  }
}
