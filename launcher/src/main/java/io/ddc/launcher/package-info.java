/**
 * The ddc command line: one picocli root command whose subcommands start a node, a devnet, the dev
 * chain, and manage keys.
 */
package io.ddc.launcher;
