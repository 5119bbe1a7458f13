/**
 * A pure, I/O-free model of the Cere runtime: SCALE codec, runtime types, metadata, and the pallets
 * the dev chain executes.
 */
package io.ddc.pallets;
