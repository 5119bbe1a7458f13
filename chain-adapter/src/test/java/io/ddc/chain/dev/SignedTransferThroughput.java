package io.ddc.chain.dev;

import io.ddc.chain.client.ChainClientOptions;
import io.ddc.chain.client.Era;
import io.ddc.chain.client.Extrinsics;
import io.ddc.chain.client.Signer;
import io.ddc.chain.client.SubstrateClient;
import io.ddc.crypto.KeyPair;
import io.ddc.crypto.KeyScheme;
import io.ddc.crypto.Keys;
import io.ddc.pallets.runtime.CereRuntime;
import io.ddc.pallets.runtime.Genesis;
import io.ddc.pallets.runtime.RuntimeConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signed balance transfers per second the dev chain accepts over WebSocket JSON-RPC and applies
 * with the runtime model (signature verification, signed extensions, fees, events, state trie,
 * block log). Extrinsics are signed before the clock starts; six dev accounts send round-robin.
 *
 * <p>Run: {@code mvn -q -pl chain-adapter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.ddc.chain.dev.SignedTransferThroughput -Dexec.args="sr25519 6000"}.
 */
public final class SignedTransferThroughput {
  private SignedTransferThroughput() {}

  public static void main(String[] args) throws Exception {
    KeyScheme scheme = KeyScheme.parse(args.length > 0 ? args[0] : "sr25519");
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
    List<KeyPair> keys = new ArrayList<>();
    for (String uri : Genesis.DEV_ACCOUNTS) {
      keys.add(Keys.fromUri(uri, scheme));
    }
    CereRuntime model =
        new CereRuntime(
            RuntimeConfig.dev(), Genesis.of(scheme, Genesis.DEV_ACCOUNTS, Genesis.DEV_ENDOWMENT));
    DevChainOptions o = new DevChainOptions().setPort(0).setInstantSeal(true);
    try (DevChain chain = DevChain.start(o, new PalletRuntime(model)).join();
        SubstrateClient client =
            SubstrateClient.connect(null, new ChainClientOptions().setUri(chain.wsUri())).join()) {
      byte[] genesis = chain.genesisHash();
      List<String> xts = new ArrayList<>(total);
      for (int i = 0; i < total; i++) {
        int from = i % keys.size();
        byte[] dest = keys.get((from + 1) % keys.size()).publicKey();
        byte[] call = PalletRuntimeOnDevChainTest.transferKeepAlive(dest, RuntimeConfig.CERE);
        byte[] xt =
            Extrinsics.signed(
                client.metadata(),
                Signer.of(keys.get(from)),
                call,
                i / keys.size(),
                BigInteger.ZERO,
                Era.IMMORTAL,
                genesis,
                genesis,
                client.specVersion(),
                client.transactionVersion());
        xts.add("0x" + HexFormat.of().formatHex(xt));
      }
      long startBlock = chain.bestNumber().join();
      Semaphore inFlight = new Semaphore(1024);
      AtomicInteger rejected = new AtomicInteger();
      List<CompletableFuture<Object>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (String xt : xts) {
        inFlight.acquire();
        CompletableFuture<Object> f = client.rpc().call("author_submitExtrinsic", xt);
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
        Thread.sleep(1);
      }
      long applied = System.nanoTime();
      long nonces = 0;
      for (KeyPair k : keys) {
        nonces += client.account(k.publicKey()).join().nonce();
      }
      System.out.printf(
          "%s: %d signed transfers (%d rejected, %d applied by nonce): accepted in %.2f s, applied in %.2f s over %d blocks"
              + " = %.0f tx/s%n",
          scheme,
          total,
          rejected.get(),
          nonces,
          (accepted - start) / 1e9,
          (applied - start) / 1e9,
          chain.bestNumber().join() - startBlock,
          nonces / ((applied - start) / 1e9));
    }
  }
}
