package io.ddc.chain.dev;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.RpcClient;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Extrinsics per second the dev chain server accepts over WebSocket JSON-RPC and seals into blocks,
 * with the {@link CountingRuntime} test double: the ceiling the server itself (RPC, pool, block
 * building, state trie, log) puts on throughput, without signature checks.
 *
 * <p>Run: {@code mvn -q -pl chain-adapter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.ddc.chain.dev.ServerThroughput -Dexec.args="200 100"} (accounts ≤ 255, per
 * account ≤ 255).
 */
public final class ServerThroughput {
  private ServerThroughput() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int perAccount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    DevChainOptions o = new DevChainOptions().setPort(0).setInstantSeal(true);
    try (DevChain chain = DevChain.start(o, new CountingRuntime()).join()) {
      RpcClient rpc =
          RpcClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join();
      List<String> xts = new ArrayList<>();
      for (int n = 0; n < perAccount; n++) {
        for (int a = 1; a <= accounts; a++) {
          xts.add(
              "0x" + HexFormat.of().formatHex(CountingRuntime.xt(a, n, n, a, 1, 2, 3, 4, 5, 6)));
        }
      }
      long startBlock = chain.bestNumber().join();
      Semaphore inFlight = new Semaphore(2048);
      AtomicInteger rejected = new AtomicInteger();
      List<CompletableFuture<Object>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (String xt : xts) {
        inFlight.acquire();
        CompletableFuture<Object> f = rpc.call("author_submitExtrinsic", xt);
        f.whenComplete(
            (r, t) -> {
              inFlight.release();
              if (t != null && rejected.incrementAndGet() <= 3) {
                System.out.println("rejected: " + t);
              }
            });
        all.add(f);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .exceptionally(t -> null)
          .join();
      long accepted = System.nanoTime();
      while (chain.poolSize().join() > 0) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
      long applied = System.nanoTime();
      long blocks = chain.bestNumber().join() - startBlock;
      System.out.printf(
          "%d extrinsics (%d rejected): accepted in %.2f s, applied in %.2f s over %d blocks = %.0f/s%n",
          xts.size(),
          rejected.get(),
          (accepted - start) / 1e9,
          (applied - start) / 1e9,
          blocks,
          (xts.size() - rejected.get()) / ((applied - start) / 1e9));
      rpc.close();
    }
  }
}
