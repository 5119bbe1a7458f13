package io.ddc.chain.dev;

import io.ddc.pallets.runtime.State;

/**
 * The raw key/value state a {@link ChainRuntime} reads and writes: the runtime model's {@link
 * State}. Keys order as unsigned bytes. Values handed in or out are copies: neither side may keep
 * and mutate the other's arrays.
 */
public interface KvStore extends State {}
