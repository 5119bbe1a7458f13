/**
 * The DDC v2 wire model shared by nodes and clients: content identifiers, auth tokens and activity
 * records (see docs/spec/node-protocol.md).
 */
package io.ddc.protocol;
