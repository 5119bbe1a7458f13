package io.ddc.chain.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over one WebSocket to a Substrate node, reconnecting with exponential backoff.
 * Requests made while disconnected wait for the next connection (up to the request timeout);
 * subscriptions are re-established after a reconnect (the node assigns new ids; callers keep their
 * {@link Subscription}).
 */
public final class RpcClient implements AutoCloseable {
  /* Threads: all mutable state is confined to `context` (one event loop). Public methods may be called from any
   * thread; they hop onto the context. Futures complete and subscription callbacks run on that event loop: callers
   * must not block in them. */
  private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

  /** An active subscription; {@link #unsubscribe()} ends it. */
  public interface Subscription {
    CompletableFuture<Void> unsubscribe();
  }

  private record Pending(CompletableFuture<Object> result, String method, long timer) {}

  private final class Sub implements Subscription {
    final String method;
    final String unsubscribeMethod;
    final JsonArray params;
    final Consumer<Object> onEvent;
    String serverId;
    boolean ended;

    Sub(String method, String unsubscribeMethod, JsonArray params, Consumer<Object> onEvent) {
      this.method = method;
      this.unsubscribeMethod = unsubscribeMethod;
      this.params = params;
      this.onEvent = onEvent;
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(
          v -> {
            ended = true;
            String id = serverId;
            if (id != null) {
              bySubscriptionId.remove(id);
            }
            subs.remove(this);
            if (id == null || ws == null || unsubscribeMethod == null) {
              done.complete(null);
            } else {
              call(unsubscribeMethod, new JsonArray().add(id))
                  .whenComplete((r, t) -> done.complete(null));
            }
          });
      return done;
    }
  }

  private final Vertx vertx;
  private final boolean ownVertx;
  private final ChainClientOptions options;
  private final Context context;
  private final WebSocketClient wsClient;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<String, Sub> bySubscriptionId = new HashMap<>();
  private final java.util.List<Sub> subs = new java.util.ArrayList<>();
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private final CompletableFuture<RpcClient> firstConnect = new CompletableFuture<>();
  private WebSocket ws;
  private long nextId = 1;
  private long backoffMs;
  private boolean closed;
  private boolean connecting;

  private RpcClient(Vertx vertx, boolean ownVertx, ChainClientOptions options) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.options = options;
    this.context = vertx.getOrCreateContext();
    this.wsClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(options.getMaxMessageBytes()));
    this.backoffMs = options.getInitialBackoff().toMillis();
  }

  /**
   * Connects to {@code options.getUri()}. Completes when the first connection is up, or fails with
   * {@link ChainUnavailableException} if it is not up within the request timeout (the client is
   * then closed).
   */
  public static CompletableFuture<RpcClient> connect(Vertx vertx, ChainClientOptions options) {
    RpcClient c =
        new RpcClient(
            vertx == null ? Vertx.vertx() : vertx, vertx == null, new ChainClientOptions(options));
    c.context.runOnContext(v -> c.open());
    long timeout = options.getRequestTimeout().toMillis();
    c.vertx.setTimer(
        timeout,
        t ->
            c.context.runOnContext(
                v -> {
                  if (!c.firstConnect.isDone()) {
                    c.firstConnect.completeExceptionally(
                        new ChainUnavailableException(
                            "no connection to " + options.getUri() + " within " + timeout + " ms"));
                    c.close();
                  }
                }));
    return c.firstConnect;
  }

  private void open() {
    if (closed || connecting || ws != null) {
      return;
    }
    connecting = true;
    WebSocketConnectOptions co =
        new WebSocketConnectOptions().setAbsoluteURI(options.getUri().toString());
    co.setTimeout(options.getRequestTimeout().toMillis());
    wsClient
        .connect(co)
        .onComplete(
            ar ->
                context.runOnContext(
                    v -> {
                      connecting = false;
                      if (ar.failed()) {
                        log.debug(
                            "connect to {} failed: {}", options.getUri(), ar.cause().toString());
                        scheduleReconnect();
                        return;
                      }
                      if (closed) {
                        ar.result().close();
                        return;
                      }
                      onOpen(ar.result());
                    }));
  }

  private void onOpen(WebSocket socket) {
    ws = socket;
    backoffMs = options.getInitialBackoff().toMillis();
    socket.textMessageHandler(text -> context.runOnContext(v -> onMessage(text)));
    socket.closeHandler(v -> context.runOnContext(x -> onClose()));
    socket.exceptionHandler(t -> log.debug("websocket error: {}", t.toString()));
    // Re-establish subscriptions from before a reconnect.
    for (Sub s : new java.util.ArrayList<>(subs)) {
      if (s.serverId != null) {
        bySubscriptionId.remove(s.serverId);
        s.serverId = null;
        establish(s);
      }
    }
    while (!waiting.isEmpty()) {
      waiting.poll().run();
    }
    firstConnect.complete(this);
  }

  private void onClose() {
    ws = null;
    ChainUnavailableException e =
        new ChainUnavailableException("connection to " + options.getUri() + " closed");
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer());
      p.result().completeExceptionally(e);
    }
    pending.clear();
    if (!closed) {
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    long delay = backoffMs + (long) (Math.random() * backoffMs / 4);
    backoffMs = Math.min(backoffMs * 2, options.getMaxBackoff().toMillis());
    vertx.setTimer(delay, t -> context.runOnContext(v -> open()));
  }

  private void onMessage(String text) {
    Object msg;
    try {
      msg = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      log.warn("unparseable message from {}", options.getUri());
      return;
    }
    if (msg instanceof JsonArray batch) {
      for (Object o : batch) {
        if (o instanceof JsonObject j) {
          onObject(j);
        }
      }
    } else if (msg instanceof JsonObject j) {
      onObject(j);
    }
  }

  private void onObject(JsonObject m) {
    Object id = m.getValue("id");
    if (id instanceof Number n) {
      Pending p = pending.remove(n.longValue());
      if (p == null) {
        return;
      }
      vertx.cancelTimer(p.timer());
      JsonObject err = m.getJsonObject("error");
      if (err != null) {
        Object data = err.getValue("data");
        p.result()
            .completeExceptionally(
                rpcError(
                    err.getInteger("code", 0),
                    err.getString("message", ""),
                    data == null ? null : data.toString()));
      } else {
        p.result().complete(m.getValue("result"));
      }
      return;
    }
    JsonObject params = m.getJsonObject("params");
    if (params != null && params.getValue("subscription") != null) {
      Sub s = bySubscriptionId.get(String.valueOf(params.getValue("subscription")));
      if (s != null && !s.ended) {
        try {
          s.onEvent.accept(params.getValue("result"));
        } catch (RuntimeException e) {
          log.warn("subscription callback for {} failed", s.method, e);
        }
      }
    }
  }

  static RpcErrorException rpcError(int code, String message, String data) {
    if (code >= 1010 && code <= 1016) {
      return new InvalidTransactionException(code, message, data);
    }
    return new RpcErrorException(code, message, data);
  }

  /**
   * Sends {@code method(params…)}; completes with the JSON result (JsonObject, JsonArray, String,
   * Number, null).
   */
  public CompletableFuture<Object> call(String method, Object... params) {
    JsonArray a = new JsonArray();
    for (Object p : params) {
      a.add(p);
    }
    return call(method, a);
  }

  /** Sends {@code method} with a parameter array. */
  public CompletableFuture<Object> call(String method, JsonArray params) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    context.runOnContext(v -> send(method, params, result));
    return result;
  }

  private void send(String method, JsonArray params, CompletableFuture<Object> result) {
    if (closed) {
      result.completeExceptionally(new ChainUnavailableException("client closed"));
      return;
    }
    long timeout = options.getRequestTimeout().toMillis();
    if (ws == null) {
      long timer =
          vertx.setTimer(
              timeout,
              t ->
                  result.completeExceptionally(
                      new ChainUnavailableException(
                          method
                              + ": no connection to "
                              + options.getUri()
                              + " within "
                              + timeout
                              + " ms")));
      waiting.add(
          () -> {
            vertx.cancelTimer(timer);
            if (!result.isDone()) {
              send(method, params, result);
            }
          });
      open();
      return;
    }
    long id = nextId++;
    long timer =
        vertx.setTimer(
            timeout,
            t ->
                context.runOnContext(
                    v -> {
                      Pending p = pending.remove(id);
                      if (p != null) {
                        p.result()
                            .completeExceptionally(
                                new ChainUnavailableException(
                                    method + ": no answer within " + timeout + " ms"));
                      }
                    }));
    pending.put(id, new Pending(result, method, timer));
    ws.writeTextMessage(
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", method)
            .put("params", params)
            .encode());
  }

  /**
   * Subscribes with {@code method(params)}; {@code onEvent} receives each notification's {@code
   * result} on the client's event loop. After a reconnect the subscription is made again with the
   * same parameters.
   */
  public CompletableFuture<Subscription> subscribe(
      String method, String unsubscribeMethod, JsonArray params, Consumer<Object> onEvent) {
    Sub s = new Sub(method, unsubscribeMethod, params, onEvent);
    CompletableFuture<Subscription> out = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          subs.add(s);
          establish(s)
              .whenComplete(
                  (r, t) -> {
                    if (t != null) {
                      subs.remove(s);
                      out.completeExceptionally(t);
                    } else {
                      out.complete(s);
                    }
                  });
        });
    return out;
  }

  private CompletableFuture<Object> establish(Sub s) {
    CompletableFuture<Object> r = new CompletableFuture<>();
    send(s.method, s.params, r);
    return r.thenApply(
        id -> {
          // Runs on the context: the id arrives before any notification for it (the node sends them
          // in order).
          s.serverId = String.valueOf(id);
          if (!s.ended) {
            bySubscriptionId.put(s.serverId, s);
          }
          return id;
        });
  }

  /** True while a WebSocket is open. */
  public boolean isConnected() {
    return ws != null;
  }

  /** The options in use (a copy). */
  public ChainClientOptions options() {
    return new ChainClientOptions(options);
  }

  /** Closes the connection; pending requests fail with {@link ChainUnavailableException}. */
  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          closed = true;
          WebSocket s = ws;
          ws = null;
          ChainUnavailableException e = new ChainUnavailableException("client closed");
          for (Pending p : pending.values()) {
            vertx.cancelTimer(p.timer());
            p.result().completeExceptionally(e);
          }
          pending.clear();
          if (s != null) {
            s.close();
          }
          wsClient.close();
          done.complete(null);
        });
    if (Vertx.currentContext() != context) {
      try {
        done.get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("close: {}", e.toString());
      }
    }
    if (ownVertx) {
      vertx.close();
    }
  }
}
