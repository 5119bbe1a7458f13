/**
 * Reed–Solomon erasure coding over GF(2^8): {@link io.ddc.cluster.erasure.ReedSolomon} (the code)
 * and {@link io.ddc.cluster.erasure.ShardCodec} (pieces to self-checking shard records and back).
 * Normative format: docs/spec/placement.md §5. Pure computation: no I/O, no threads.
 */
package io.ddc.cluster.erasure;
