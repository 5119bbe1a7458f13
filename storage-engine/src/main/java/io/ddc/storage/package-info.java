/**
 * The piece store every node keeps its pieces in: append-only segment files, a Chronicle Map index,
 * crash recovery and compaction (see docs/spec/storage-format.md).
 */
package io.ddc.storage;
