package dev.weft.coordinator.keys;

import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.network.NetworkStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every connected host its key table (issue 6) when it connects and whenever it changes. Runs
 * {@link KeyService#pass} on its own thread, on hints (store changes of hosts, networks, blocks and keys, a host
 * connecting) and on a timer that also drives rotation. A per-host message, because pre-shared keys are per pair:
 * what a host gets differs from what any other gets. Sends only what differs from what that host got last.
 *
 * <p>A pass reads the hosts and the blocks of encrypted networks: O(hosts) store reads and O(pairs) keys per pass,
 * coalesced, so a burst of changes costs one pass.
 */
public final class KeyDistributor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyDistributor.class);

  /** Changes within this long make one pass: a burst of block and host changes costs one pass, not one each. */
  private static final long HINT_DELAY_MS = 200;

  private final KeyService service;
  private final BiConsumer<String, ToAgent> sendTo;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weft-keys");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean queued = new AtomicBoolean();
  // Executor thread only.
  private final Map<String, ToAgent.Keys> sent = new HashMap<>();
  private volatile List<PairKey> keys = List.of();

  /**
   * @param sendTo sends one message to a host's current connection, dropped when it has none
   */
  public KeyDistributor(KeyService service, BiConsumer<String, ToAgent> sendTo) {
    this.service = service;
    this.sendTo = sendTo;
  }

  /** Starts the timer; {@code period} bounds how late a rotation or a missed hint is noticed. */
  public void start(Duration period) {
    long ms = Math.max(100, period.toMillis());
    executor.scheduleWithFixedDelay(this::runPass, 0, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Hints a pass at every change of the hosts, networks, blocks and keys, called on the writer's or the event's
   * thread ({@link #hint} only queues).
   */
  public void hintOnChanges(HostStore hosts, NetworkStore networks, BlockStore blocks, KeyStore keys) {
    Executor direct = Runnable::run;
    hosts.addListener(direct, e -> hint());
    networks.addListener(direct, e -> hint());
    blocks.addListener(direct, e -> hint());
    keys.addListener(direct, e -> hint());
  }

  /** Something changed: a pass runs soon. Any thread. */
  public void hint() {
    if (queued.compareAndSet(false, true)) {
      executor.schedule(() -> {
        queued.set(false);
        runPass();
      }, HINT_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** A host connected (a new link): it gets its table again. Any thread. */
  public void connected(String host) {
    executor.execute(() -> sent.remove(host));
    hint();
  }

  /** The age of the oldest pre-shared key as of the last pass, for {@code /metrics}. */
  public double oldestKeyAgeSeconds() {
    return service.oldestKeyAgeSeconds(keys);
  }

  private void runPass() {
    try {
      KeyService.Pass pass = service.pass();
      keys = pass.keys();
      pass.tables().forEach((host, table) -> {
        if (!table.equals(sent.get(host))) {
          sent.put(host, table);
          sendTo.accept(host, table);
        }
      });
      sent.keySet().retainAll(pass.tables().keySet());
    } catch (RuntimeException e) {
      LOG.warn("key tables not updated: {}; retrying", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
