/**
 * Placement: which nodes hold a piece. {@link io.ddc.cluster.placement.PlacementPolicy} is the SPI;
 * {@link io.ddc.cluster.placement.RendezvousPlacement} is the normative policy of
 * docs/spec/placement.md. Pure computation: no I/O, no threads, no clock.
 */
package io.ddc.cluster.placement;
