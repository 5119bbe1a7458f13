/**
 * The JVM's DDC client (SDK). Today it holds client-side encryption ({@link
 * io.ddc.client.encryption}); the node and chain clients grow here on top of the {@code protocol}
 * and {@code chain-adapter} modules.
 */
package io.ddc.client;
