package io.ddc.chain.dev;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Substrate's JSON-RPC 2.0 over WebSocket and HTTP POST for the dev chain (docs/spec/dev-chain.md
 * §5). The event loop parses and answers; chain work runs on the chain thread and comes back as a
 * {@link Future}.
 */
final class RpcServer {
  /* Threads: requests arrive on the connection's event loop; every ChainCore access hops to the chain executor.
   * Notifications are produced on the chain thread and written via the connection's context, in the order the chain
   * produced them (Context.runOnContext preserves submission order). */
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Vertx vertx;
  private final ChainCore core;
  private final Executor chain;
  private final RpcMethods methods;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private HttpServer server;

  RpcServer(Vertx vertx, ChainCore core, Executor chain, DevChain devChain) {
    this.vertx = vertx;
    this.core = core;
    this.chain = chain;
    this.methods = new RpcMethods(core, this, devChain);
  }

  Future<HttpServer> listen(String host, int port) {
    HttpServerOptions o =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxWebSocketFrameSize(1 << 20)
            .setMaxWebSocketMessageSize(16 << 20)
            .setCompressionSupported(false);
    server = vertx.createHttpServer(o);
    server.webSocketHandler(this::onWebSocket);
    server.requestHandler(this::onHttp);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  Future<Void> close() {
    for (Connection c : connections) {
      c.ws.close();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Runs {@code task} on the chain thread; the result is delivered on the caller's context. */
  <T> Future<T> onChain(Callable<T> task) {
    CompletableFuture<T> cf = new CompletableFuture<>();
    chain.execute(
        () -> {
          try {
            cf.complete(task.call());
          } catch (Throwable t) {
            cf.completeExceptionally(t);
          }
        });
    Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(cf, ctx);
  }

  /**
   * Lets the runtime pre-verify a submitted extrinsic on a worker thread (unordered, so several
   * signatures verify at once); completes, never fails, when done.
   */
  Future<Void> preverify(byte[] xt) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              core.runtime().preverify(xt);
              return null;
            },
            false)
        .recover(t -> Future.succeededFuture());
  }

  /** Runs {@code task} on the chain thread, fire and forget (failures logged). */
  void runOnChain(Runnable task) {
    chain.execute(
        () -> {
          try {
            task.run();
          } catch (Throwable t) {
            log.warn("chain task failed", t);
          }
        });
  }

  static String newSubscriptionId() {
    StringBuilder b = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      b.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
    }
    return b.toString();
  }

  private void onWebSocket(ServerWebSocket ws) {
    Connection c = new Connection(ws, vertx.getOrCreateContext());
    connections.add(c);
    ws.textMessageHandler(
        text ->
            handleText(text, c)
                .onSuccess(
                    reply -> {
                      if (reply != null) {
                        c.send(reply);
                      }
                    }));
    ws.binaryMessageHandler(
        buf ->
            handleText(buf.toString(), c)
                .onSuccess(
                    reply -> {
                      if (reply != null) {
                        c.send(reply);
                      }
                    }));
    ws.closeHandler(
        v -> {
          connections.remove(c);
          c.closed = true;
          for (Runnable cancel : c.subscriptions.values()) {
            cancel.run();
          }
          c.subscriptions.clear();
        });
    ws.exceptionHandler(t -> log.debug("websocket error", t));
  }

  private void onHttp(HttpServerRequest req) {
    if (req.method() != HttpMethod.POST) {
      req.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    req.body()
        .compose(buf -> handleText(buf.toString(), null))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                req.response().setStatusCode(500).end();
              } else {
                req.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(ar.result() == null ? "" : ar.result());
              }
            });
  }

  /**
   * Handles one message (a request or a batch); completes with the reply text, or null for none.
   */
  private Future<String> handleText(String text, Connection c) {
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      return Future.succeededFuture(
          error(null, RpcException.PARSE_ERROR, "Parse error", null).encode());
    }
    if (parsed instanceof JsonArray batch) {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (Object o : batch) {
        replies.add(handleRequest(o, c));
      }
      return Future.all(replies)
          .map(
              cf -> {
                JsonArray out = new JsonArray();
                for (Future<JsonObject> r : replies) {
                  if (r.result() != null) {
                    out.add(r.result());
                  }
                }
                return out.isEmpty() ? null : out.encode();
              });
    }
    return handleRequest(parsed, c).map(r -> r == null ? null : r.encode());
  }

  private Future<JsonObject> handleRequest(Object o, Connection c) {
    if (!(o instanceof JsonObject req) || !(req.getValue("method") instanceof String method)) {
      return Future.succeededFuture(
          error(null, RpcException.INVALID_REQUEST, "Invalid request", null));
    }
    Object id = req.getValue("id");
    Object p = req.getValue("params");
    JsonArray params;
    if (p == null) {
      params = new JsonArray();
    } else if (p instanceof JsonArray a) {
      params = a;
    } else {
      params = new JsonArray().add(p);
    }
    Future<Object> result;
    try {
      result = methods.dispatch(method, params, c, id);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    Promise<JsonObject> reply = Promise.promise();
    result.onComplete(
        ar -> {
          if (ar.succeeded() && ar.result() == RpcMethods.REPLIED) {
            reply.complete(
                null); // the method wrote its reply itself, ahead of its first notification
          } else if (id == null && !req.containsKey("id")) {
            reply.complete(null); // notification: no reply
          } else if (ar.succeeded()) {
            reply.complete(
                new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", ar.result()));
          } else {
            reply.complete(toError(id, ar.cause()));
          }
        });
    return reply.future();
  }

  private static JsonObject toError(Object id, Throwable t) {
    Throwable cause = t;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RpcException e) {
      return error(id, e.code, e.getMessage(), e.data);
    }
    log.warn("RPC call failed", cause);
    return error(id, RpcException.SERVER_ERROR, "Server error: " + cause, null);
  }

  static JsonObject reply(Object id, Object result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  static JsonObject errorReply(Object id, Throwable t) {
    return toError(id, t);
  }

  static JsonObject error(Object id, int code, String message, String data) {
    JsonObject err = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      err.put("data", data);
    }
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", err);
  }

  /** One WebSocket client and its subscriptions. */
  static final class Connection {
    final ServerWebSocket ws;
    final Context context;
    final Map<String, Runnable> subscriptions = new ConcurrentHashMap<>();
    volatile boolean closed;

    Connection(ServerWebSocket ws, Context context) {
      this.ws = ws;
      this.context = context;
    }

    /**
     * Writes {@code text} on this connection's context (callable from any thread, order preserved).
     */
    void send(String text) {
      context.runOnContext(
          v -> {
            if (!closed) {
              ws.writeTextMessage(text);
            }
          });
    }

    void notify(String method, String subscription, Object result) {
      send(
          new JsonObject()
              .put("jsonrpc", "2.0")
              .put("method", method)
              .put(
                  "params",
                  new JsonObject().put("subscription", subscription).put("result", result))
              .encode());
    }
  }
}
