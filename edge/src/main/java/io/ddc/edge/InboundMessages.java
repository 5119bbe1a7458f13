package io.ddc.edge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * The request messages of one call that a transport cut out of what it received but has not handed
 * on yet, then the end of the request. They go to the call's handlers in order, only while the call
 * is not paused (a transport that receives several messages at once pauses only its socket or
 * stream, not the messages it already holds), and wait for the handlers to be set. Event-loop
 * confined.
 */
final class InboundMessages {
  private static final Object END = new Object();

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private Handler<Buffer> messageHandler;
  private Handler<Void> endHandler;
  private boolean paused;
  private boolean delivering;
  private boolean closed;

  /** Queues {@code message} without handing anything on; see {@link #deliver}. */
  void add(Buffer message) {
    if (!closed) {
      queue.add(message);
    }
  }

  /** Marks the end of the request (after the messages queued so far) and delivers. */
  void end() {
    if (!closed) {
      queue.add(END);
      deliver();
    }
  }

  void messageHandler(Handler<Buffer> handler) {
    this.messageHandler = handler;
    deliver();
  }

  void endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    deliver();
  }

  void pause() {
    paused = true;
  }

  /** Delivers what is queued; returns whether the call is still not paused afterwards. */
  boolean resume() {
    paused = false;
    deliver();
    return !paused && !closed;
  }

  /** Drops everything queued and delivers nothing more: the call has ended. */
  void close() {
    closed = true;
    queue.clear();
  }

  /** Hands queued messages on while the call is not paused and has its handlers. */
  void deliver() {
    if (delivering) {
      return; // a handler that resumes the call from inside a delivery
    }
    delivering = true;
    try {
      while (!paused && !closed && !queue.isEmpty()) {
        if (queue.peek() == END ? endHandler == null : messageHandler == null) {
          break; // delivered once there is someone to hand it to
        }
        Object next = queue.poll();
        if (next == END) {
          endHandler.handle(null);
        } else {
          messageHandler.handle((Buffer) next);
        }
      }
    } finally {
      delivering = false;
    }
  }
}
