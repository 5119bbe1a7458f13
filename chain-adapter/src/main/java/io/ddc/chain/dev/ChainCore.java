package io.ddc.chain.dev;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev chain's state machine: head state, block index, state history, transaction pool, block
 * authoring and the log. It drives the runtime model and owns everything the runtime does not
 * (headers, hashes, roots, persistence).
 */
final class ChainCore implements AutoCloseable {
  /* Concurrency: confined to the chain thread (DevChain's executor); nothing here is thread-safe. The runtime is not
   * thread-safe either, and every call into it happens here.
   *
   * State history: `state` is the head state. For each recent block n, undo[n] holds the values the keys it changed
   * had before it (TOMBSTONE = absent), so the state at block b is the head state with undo[head..b+1] applied. */
  private static final Logger log = LoggerFactory.getLogger(ChainCore.class);

  /** Called after each block is authored, with the keys it changed; on the chain thread. */
  interface BlockListener {
    void onBlock(Block block, Set<ByteKey> changedKeys);
  }

  private final ChainRuntime runtime;
  private final DevChainOptions options;
  private final LongSupplier clock;
  private final MemoryKvStore state = new MemoryKvStore();
  private final StateTrie trie = new StateTrie();
  private final List<Block> blocks = new ArrayList<>();
  private final Map<ByteKey, Block> byHash = new HashMap<>();
  private final TreeMap<Long, Map<ByteKey, byte[]>> undo = new TreeMap<>();
  private final TxPool pool = new TxPool();
  private final List<BlockListener> listeners = new ArrayList<>();
  private final ChainLog chainLog;
  private DevChainException failure;

  ChainCore(
      ChainRuntime runtime,
      DevChainOptions options,
      Path dataDir,
      LongSupplier clock,
      Consumer<String> report) {
    this.runtime = runtime;
    this.options = options;
    this.clock = clock;
    this.chainLog = ChainLog.openOrRecover(dataDir, options.isFsync(), this::replay, report);
    if (blocks.isEmpty()) {
      genesis();
    } else {
      byte[] root = trie.root();
      Block head = head();
      if (!Arrays.equals(root, head.header().stateRoot())) {
        throw new DevChainException(
            "replayed state of "
                + dataDir
                + " has root "
                + Hex.encode(root)
                + " but block #"
                + head.number()
                + " commits to "
                + Hex.encode(head.header().stateRoot())
                + "; the log is corrupt");
      }
      log.info(
          "dev chain resumed at block #{} {} from {}",
          head.number(),
          Hex.encode(head.hash()),
          dataDir);
    }
    if (blocks.size() == 1) {
      // Block 1 right after genesis: BlockHash[0] (the genesis hash) is then in state for
      // CheckGenesis/CheckEra.
      seal();
    }
  }

  private void replay(ChainLog.Entry e) {
    Block b = e.block();
    if (b.number() != blocks.size()) {
      throw new DevChainException(
          "chain log holds block #" + b.number() + " where #" + blocks.size() + " belongs");
    }
    if (b.number() > 0 && !Arrays.equals(b.header().parentHash(), head().hash())) {
      throw new DevChainException(
          "chain log block #" + b.number() + " does not extend its predecessor");
    }
    TreeMap<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<byte[], byte[]> c : e.changes()) {
      changes.put(c.getKey(), c.getValue() == null ? OverlayStorage.TOMBSTONE : c.getValue());
    }
    applyChanges(b.number(), changes);
    index(b);
  }

  private void genesis() {
    OverlayStorage ov = new OverlayStorage(state);
    runtime.buildGenesis(ov, options.getGenesisValidators());
    NavigableMap<byte[], byte[]> changes = new TreeMap<>(ov.writes());
    applyChanges(0, changes);
    Header h = new Header(new byte[32], 0, trie.root(), StateTrie.orderedRoot(List.of()));
    Block b = new Block(h, List.of(), 0);
    chainLog.append(b, changes);
    index(b);
    log.info("dev chain genesis {} ({} storage items)", Hex.encode(b.hash()), trie.size());
  }

  private void index(Block b) {
    blocks.add(b);
    byHash.put(new ByteKey(b.hash()), b);
  }

  private Set<ByteKey> applyChanges(long number, NavigableMap<byte[], byte[]> changes) {
    Map<ByteKey, byte[]> before = new HashMap<>();
    Set<ByteKey> changed = new HashSet<>();
    for (Map.Entry<byte[], byte[]> c : changes.entrySet()) {
      byte[] key = c.getKey();
      byte[] old = state.get(key);
      ByteKey k = new ByteKey(key.clone());
      before.put(k, old == null ? OverlayStorage.TOMBSTONE : old);
      changed.add(k);
      if (c.getValue() == OverlayStorage.TOMBSTONE) {
        state.delete(key);
        trie.delete(key);
      } else {
        state.put(key, c.getValue());
        trie.put(key, c.getValue());
      }
    }
    undo.put(number, before);
    while (undo.size() > options.getStateHistoryBlocks()) {
      undo.pollFirstEntry();
    }
    return changed;
  }

  private void checkHealthy() {
    if (failure != null) {
      throw new RpcException(RpcException.SERVER_ERROR, failure.getMessage());
    }
  }

  void addListener(BlockListener l) {
    listeners.add(l);
  }

  ChainRuntime runtime() {
    return runtime;
  }

  Block head() {
    return blocks.get(blocks.size() - 1);
  }

  Block genesisBlock() {
    return blocks.get(0);
  }

  /** The block with {@code hash}, or null. */
  Block block(byte[] hash) {
    return byHash.get(new ByteKey(hash));
  }

  /** The block at {@code number}, or null. */
  Block blockAt(long number) {
    return number >= 0 && number < blocks.size() ? blocks.get((int) number) : null;
  }

  /** Resolves an optional {@code at} hash: null = head; unknown = RPC error. */
  Block at(byte[] hash) {
    if (hash == null) {
      return head();
    }
    Block b = block(hash);
    if (b == null) {
      throw new RpcException(
          RpcException.SERVER_ERROR, "Unknown block " + Hex.encode(hash) + " (UnknownBlock)");
    }
    return b;
  }

  /** The state as of block {@code b} (read-only view). */
  KvStore stateAt(Block b) {
    if (b.number() == head().number()) {
      return state;
    }
    if (undo.isEmpty() || b.number() + 1 < undo.firstKey()) {
      throw new RpcException(
          RpcException.SERVER_ERROR,
          "State already discarded for "
              + Hex.encode(b.hash())
              + " (the dev chain keeps "
              + options.getStateHistoryBlocks()
              + " blocks of state)");
    }
    return new HistoricalState(b.number());
  }

  /** Reads one storage value at {@code b}; null if absent. */
  byte[] storage(byte[] key, Block b) {
    return stateAt(b).get(key);
  }

  /** Pool contents, arrival order. */
  List<byte[]> pending() {
    List<byte[]> out = new ArrayList<>();
    for (TxPool.PoolTx t : pool.all()) {
      out.add(t.bytes);
    }
    return out;
  }

  int poolSize() {
    return pool.size();
  }

  /**
   * Validates {@code xt} against the head state and adds it to the pool; returns its hash. Throws
   * {@link RpcException} with Substrate's author codes when the pool refuses it.
   */
  byte[] submit(byte[] xt, TxPool.Watcher watcher) {
    checkHealthy();
    byte[] hash = Hash256.blake2(xt);
    ByteKey hk = new ByteKey(hash);
    if (pool.contains(hk)) {
      throw new RpcException(RpcException.POOL_ALREADY_IMPORTED, "Transaction Already Imported");
    }
    ChainRuntime.Valid v = validate(xt);
    TxPool.PoolTx tx = new TxPool.PoolTx(xt, hk, pool.nextSeq());
    tx.priority = v.priority();
    tx.requires = keys(v.requires());
    tx.provides = keys(v.provides());
    TxPool.PoolTx rival = pool.providerOfAny(tx.provides);
    if (rival != null) {
      if (rival.priority >= tx.priority) {
        throw new RpcException(
            RpcException.POOL_TOO_LOW_PRIORITY,
            "Priority is too low: (" + rival.priority + " vs " + tx.priority + ")",
            "The transaction has too low priority to replace another transaction already in the pool.");
      }
      pool.remove(rival);
      if (rival.watcher != null) {
        rival.watcher.status(
            new io.vertx.core.json.JsonObject().put("usurped", Hex.encode(hash)), true);
      }
    }
    tx.watcher = watcher;
    pool.add(tx);
    if (watcher != null) {
      boolean ready = true;
      for (ByteKey r : tx.requires) {
        ready &= pool.provides(r);
      }
      watcher.status(ready ? "ready" : "future", false);
    }
    return hash;
  }

  /**
   * Next nonce of {@code accountId}: the runtime's nonce, advanced past the account's pooled
   * extrinsics.
   */
  long accountNextIndex(byte[] accountId) {
    long nonce = runtime.accountNonce(new OverlayStorage(state), accountId);
    while (pool.provides(new ByteKey(runtime.nonceTag(accountId, nonce)))) {
      nonce++;
    }
    return nonce;
  }

  /**
   * Authors, persists and announces one block with every ready pool extrinsic (up to the block
   * limit).
   */
  Block seal() {
    checkHealthy();
    Block parent = head();
    long now = Math.max(clock.getAsLong(), parent.timestampMillis() + 1);
    long number = parent.number() + 1;
    OverlayStorage blockState = new OverlayStorage(state);
    runtime.initializeBlock(blockState, number, parent.hash(), now);
    List<TxPool.PoolTx> included = new ArrayList<>();
    List<byte[]> extrinsics = new ArrayList<>();
    Set<ByteKey> provided = new HashSet<>();
    List<TxPool.PoolTx> waiting = pool.all();
    boolean progress = true;
    boolean full = false;
    while (progress && !full && !waiting.isEmpty()) {
      progress = false;
      List<TxPool.PoolTx> next = new ArrayList<>();
      for (TxPool.PoolTx tx : waiting) {
        if (full || !provided.containsAll(tx.requires)) {
          next.add(tx);
          continue;
        }
        if (extrinsics.size() >= options.getMaxBlockExtrinsics()) {
          full = true;
          next.add(tx);
          continue;
        }
        OverlayStorage txState = new OverlayStorage(blockState);
        ChainRuntime.Applied r;
        try {
          r = runtime.apply(txState, tx.bytes);
        } catch (RuntimeException e) {
          // A runtime failure on one extrinsic must not stop the chain: drop it like an invalid
          // one.
          log.warn("applying extrinsic {} failed in the runtime; dropped", tx.hash, e);
          r = new ChainRuntime.Applied("runtime failure: " + e, false);
        }
        if (r.exhaustsResources()) {
          full = true;
          next.add(tx);
        } else if (r.invalid() != null) {
          pool.remove(tx);
          log.debug("dropped invalid extrinsic {}: {}", tx.hash, r.invalid());
          if (tx.watcher != null) {
            tx.watcher.status("invalid", true);
          }
        } else {
          txState.commit();
          extrinsics.add(tx.bytes);
          included.add(tx);
          provided.addAll(tx.provides);
          progress = true;
        }
      }
      waiting = next;
    }
    runtime.finalizeBlock(blockState);
    NavigableMap<byte[], byte[]> changes = new TreeMap<>(blockState.writes());
    Set<ByteKey> changed = applyChanges(number, changes);
    Header h = new Header(parent.hash(), number, trie.root(), StateTrie.orderedRoot(extrinsics));
    Block b = new Block(h, extrinsics, now);
    try {
      chainLog.append(b, changes);
    } catch (RuntimeException e) {
      // The in-memory state already moved past what the log holds: stop authoring rather than
      // diverge.
      failure =
          new DevChainException(
              "block #"
                  + number
                  + " could not be written to the chain log; the chain"
                  + " stopped authoring (restart to resume from the last logged block)",
              e);
      throw failure;
    }
    index(b);
    for (TxPool.PoolTx tx : included) {
      pool.remove(tx);
    }
    revalidatePool();
    for (TxPool.PoolTx tx : included) {
      if (tx.watcher != null) {
        String bh = Hex.encode(b.hash());
        tx.watcher.status(new io.vertx.core.json.JsonObject().put("inBlock", bh), false);
        tx.watcher.status(new io.vertx.core.json.JsonObject().put("finalized", bh), true);
      }
    }
    for (BlockListener l : listeners) {
      l.onBlock(b, changed);
    }
    return b;
  }

  /**
   * Drops pool extrinsics the new head state makes invalid and refreshes the tags of the others.
   */
  private void revalidatePool() {
    for (TxPool.PoolTx tx : pool.all()) {
      try {
        ChainRuntime.Valid v = validate(tx.bytes);
        pool.remove(tx);
        tx.priority = v.priority();
        tx.requires = keys(v.requires());
        tx.provides = keys(v.provides());
        pool.add(tx);
      } catch (RuntimeException e) {
        pool.remove(tx);
        if (tx.watcher != null) {
          tx.watcher.status("invalid", true);
        }
      }
    }
  }

  /** Runs a runtime API at block {@code b}; writes are discarded. */
  byte[] call(String method, byte[] args, Block b) {
    try {
      return runtime.call(new OverlayStorage(stateAt(b)), method, args);
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          RpcException.SERVER_ERROR, "Client error: Execution failed: " + e.getMessage());
    }
  }

  /**
   * Pool validation against the head state with the next block initialized (as Substrate's
   * validate_transaction does, so the head's hash is in the state); refusals become Substrate's
   * author errors.
   */
  private ChainRuntime.Valid validate(byte[] xt) {
    try {
      OverlayStorage next = new OverlayStorage(state);
      Block head = head();
      runtime.initializeBlock(next, head.number() + 1, head.hash(), head.timestampMillis() + 1);
      return runtime.validate(next, xt);
    } catch (ChainRuntime.Refusal r) {
      String message =
          r.code() == RpcException.POOL_INVALID_TX
              ? "Invalid Transaction"
              : "Unknown Transaction Validity";
      throw new RpcException(r.code(), message, r.reason());
    } catch (RpcException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RpcException(
          RpcException.BAD_FORMAT, "Extrinsic has invalid format: " + e.getMessage());
    }
  }

  private static List<ByteKey> keys(List<byte[]> tags) {
    List<ByteKey> out = new ArrayList<>(tags.size());
    for (byte[] t : tags) {
      out.add(new ByteKey(t.clone()));
    }
    return out;
  }

  @Override
  public void close() {
    chainLog.close();
  }

  /** Read-only state as of an earlier block, from the head state and the undo maps. */
  private final class HistoricalState implements KvStore {
    private final long number;

    HistoricalState(long number) {
      this.number = number;
    }

    @Override
    public byte[] get(byte[] key) {
      ByteKey k = new ByteKey(key);
      // The first block after `number` that changed the key recorded the value it had at `number`.
      for (Map<ByteKey, byte[]> u : undo.tailMap(number, false).values()) {
        byte[] old = u.get(k);
        if (old != null) {
          return old == OverlayStorage.TOMBSTONE ? null : old.clone();
        }
      }
      return state.get(key);
    }

    @Override
    public List<byte[]> keys(byte[] prefix, byte[] startKeyExclusive, int limit) {
      TreeSet<byte[]> candidates = new TreeSet<>(Arrays::compareUnsigned);
      candidates.addAll(state.keys(prefix, startKeyExclusive, Integer.MAX_VALUE));
      for (Map<ByteKey, byte[]> u : undo.tailMap(number, false).values()) {
        for (ByteKey k : u.keySet()) {
          if (OverlayStorage.startsWith(k.bytes(), prefix)
              && (startKeyExclusive == null
                  || Arrays.compareUnsigned(k.bytes(), startKeyExclusive) > 0)) {
            candidates.add(k.bytes());
          }
        }
      }
      List<byte[]> out = new ArrayList<>();
      for (byte[] k : candidates) {
        if (get(k) != null) {
          out.add(k.clone());
          if (out.size() == limit) {
            break;
          }
        }
      }
      return out;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      throw new UnsupportedOperationException("historical state is read-only");
    }

    @Override
    public void delete(byte[] key) {
      throw new UnsupportedOperationException("historical state is read-only");
    }
  }
}
