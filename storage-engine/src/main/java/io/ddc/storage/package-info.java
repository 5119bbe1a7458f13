/**
 * The piece store every node keeps its pieces in: append-only segment files, a Chronicle Map index,
 * group-commit fsync, crash recovery and background compaction (byte layout: {@code
 * docs/spec/storage-format.md}).
 *
 * <p>Public API: {@link io.ddc.storage.PieceStore} (opened with {@link
 * io.ddc.storage.PieceStore#openOrRecover}), {@link io.ddc.storage.PieceWriter}, {@link
 * io.ddc.storage.PieceRegion}, {@link io.ddc.storage.StoreOptions} and the {@link
 * io.ddc.storage.StoreException} hierarchy. Everything else is package-private.
 *
 * <h2>Threading</h2>
 *
 * <ul>
 *   <li>A store owns a small pool of I/O threads ({@link io.ddc.storage.StoreOptions#ioThreads()},
 *       named {@code ddc-store-io-N}) that run reads, index lookups and the staging of piece
 *       chunks, and one writer thread ({@code ddc-store-writer}) that alone appends to the active
 *       segment, syncs it and publishes index entries. As many hashing threads ({@code
 *       ddc-store-hash-N}) compute the BLAKE3 CIDs of staged bytes and run nothing else. A
 *       background thread ({@code ddc-store-compactor}) compacts sealed segments.
 *   <li>{@code stat} and {@code open} complete on the caller's thread before they return: they only
 *       look the CID up in the memory-mapped index and take a lease. So do, without any disk wait,
 *       a {@code PieceWriter.write} whose chunk fits the memory staging (a copy and its CRC32C, and
 *       for a chunk of at most {@link io.ddc.storage.StoreOptions#inlineHashMaxBytes()} behind
 *       hashed bytes its BLAKE3 update) and a {@code PieceRegion.read} (into a fresh buffer or the
 *       caller's) of at most {@link io.ddc.storage.StoreOptions#inlineReadMaxBytes()} bytes that
 *       the page cache holds (a {@code preadv2} with {@code RWF_NOWAIT} and the checksum checks).
 *       Every other future completes on one of the store's threads. Callers on a Vert.x event loop
 *       hop back to their context; they must never {@code join()} a future.
 *   <li>No method blocks except {@code openOrRecover}, {@code close} and {@link
 *       io.ddc.storage.PieceRegion#readFully}, the synchronous read for worker threads (it runs the
 *       positional read and the checksum checks on the caller's thread).
 * </ul>
 *
 * <h2>Visibility</h2>
 *
 * A piece becomes visible to {@code stat}/{@code open}/{@code list} only after its bytes are
 * appended, synced (per the fsync policy) and indexed, i.e. when its commit future completes.
 */
package io.ddc.storage;
