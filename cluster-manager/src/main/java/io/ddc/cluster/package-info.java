/**
 * The cluster layer of a DDC node: Hazelcast membership, rendezvous placement, replication (or
 * erasure coding, for large pieces when configured) after a write, fetching or rebuilding missing
 * pieces from peers, and repair after failures. Who may be a member can come from a {@link
 * io.ddc.cluster.MemberSource} (the launcher's is the chain's node list of the cluster); without
 * one, every node that joins with the cluster's name is a member.
 *
 * <p>How the edge uses it:
 *
 * <ol>
 *   <li>{@link io.ddc.cluster.ClusterManager#start ClusterManager.start(vertx, options, store,
 *       nodeKey[, memberSource])} once per node, with the node's ed25519 key and its {@code
 *       PieceStore}.
 *   <li>After storing a piece locally: {@link io.ddc.cluster.ClusterManager#replicate
 *       replicate(bucketId, cid)}; acknowledge the client only when it succeeds (node protocol
 *       §4.8).
 *   <li>On a local miss: {@link io.ddc.cluster.ClusterManager#fetchFromPeers fetchFromPeers(cid)},
 *       then serve from the local store; a {@link io.ddc.cluster.PieceUnavailableException} with
 *       {@code notFoundAnywhere()} maps to {@code NOT_FOUND}, others to {@code UNAVAILABLE}.
 *   <li>{@link io.ddc.cluster.ClusterManager#close close()} on shutdown.
 * </ol>
 *
 * <p>Normative documents: docs/spec/placement.md (placement, membership, erasure coding) and
 * docs/spec/cluster-transfer.md (the signed node-to-node protocol, the write acknowledgement rule
 * and repair). Subpackages: {@link io.ddc.cluster.placement} and {@link io.ddc.cluster.erasure}.
 * Everything not public here is internal.
 */
package io.ddc.cluster;
