/**
 * Load generator for DDC nodes (HTTP gateway and gRPC node API). Work of the load-test issue:
 * nothing lives here yet.
 */
package io.ddc.loadtest;
