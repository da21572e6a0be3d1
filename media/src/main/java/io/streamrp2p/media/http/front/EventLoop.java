package io.streamrp2p.media.http.front;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with one selector: it owns the channels registered with it, runs the tasks other
 * threads hand it, and every {@link #TICK_MILLIS} the periodic check of each connection. All state
 * of a channel registered here is touched only by this thread, except where a class says otherwise.
 */
final class EventLoop implements Executor {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  /** How often the connections' periodic checks (lag, idleness) run. */
  static final long TICK_MILLIS = 250;

  /** What a registered channel's key carries: told when the channel is ready. */
  interface Handler {
    void ready(SelectionKey key);

    /** Closes the channel, with a reason for the log (null: a clean end); idempotent. */
    void close(String reason);

    /** Periodic check, every {@link #TICK_MILLIS}. */
    default void tick(long nowNanos) {}
  }

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();

  /** Scratch space for reads, reused by every connection of this loop. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  private volatile boolean running = true;
  private long nextTick;

  EventLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} on this loop's thread, after the current select. */
  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** Stops the loop and closes every channel still registered; waits for its thread. */
  void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(10_000);
  }

  private void run() {
    nextTick = System.nanoTime() + TICK_MILLIS * 1_000_000;
    try {
      while (running) {
        long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
        if (tasks.isEmpty()) {
          selector.select(waitMillis);
        } else {
          selector.selectNow();
        }
        wakeupPending.set(false);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Handler h = (Handler) key.attachment();
          if (!key.isValid()) {
            continue;
          }
          try {
            h.ready(key);
          } catch (RuntimeException e) {
            log.warn("connection failed unexpectedly", e);
            h.close("internal error: " + e);
          }
        }
        runTasks();
        if (System.nanoTime() - nextTick >= 0) {
          nextTick = System.nanoTime() + TICK_MILLIS * 1_000_000;
          tick();
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      log.error("event loop {} stopped: {}", thread.getName(), e.toString());
    } finally {
      runTasks();
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof Handler h) {
          h.close("the hub is shutting down");
        } else {
          cancelAndClose(key);
        }
      }
      try {
        selector.close();
      } catch (IOException e) {
        log.debug("closing the selector: {}", e.toString());
      }
    }
  }

  private void tick() {
    long now = System.nanoTime();
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      if (key.isValid() && key.attachment() instanceof Handler h) {
        try {
          h.tick(now);
        } catch (RuntimeException e) {
          log.warn("connection check failed unexpectedly", e);
          h.close("internal error: " + e);
        }
      }
    }
  }

  private void runTasks() {
    Runnable r;
    while ((r = tasks.poll()) != null) {
      runSafely(r);
    }
  }

  private static void runSafely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("event loop task failed", e);
    }
  }

  /** Cancels {@code key} and closes its channel; a failure to close is only logged. */
  static void cancelAndClose(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      log.debug("closing {}: {}", key.channel(), e.toString());
    }
  }
}
