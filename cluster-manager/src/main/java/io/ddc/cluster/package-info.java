/**
 * Cluster membership, placement, replication, erasure coding and repair across the nodes of one DDC
 * cluster. Work of the cluster issue: nothing lives here yet.
 */
package io.ddc.cluster;
