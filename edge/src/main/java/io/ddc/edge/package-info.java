/**
 * The node's network edge: Vert.x verticles serving the DDC v2 node API over gRPC and grpc-web, and
 * the HTTP CDN gateway.
 */
package io.ddc.edge;
