/** DDC v2 content identifiers (docs/spec/node-protocol.md §5). */
package io.ddc.protocol.cid;
