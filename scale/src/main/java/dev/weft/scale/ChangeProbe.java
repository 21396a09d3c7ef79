package dev.weft.scale;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** One timed endpoint change of a {@link Simulation}: which agents of its network have it, and when the last did. */
final class ChangeProbe {
  final String network;
  final boolean add;
  final Set<String> arrived = ConcurrentHashMap.newKeySet();
  final CountDownLatch done;
  final AtomicLong last = new AtomicLong();
  volatile String ip;

  ChangeProbe(String network, boolean add, int audience) {
    this.network = network;
    this.add = add;
    this.done = new CountDownLatch(audience);
  }

  void setIp(String ip) {
    this.ip = ip;
  }

  void arrived(SimAgent agent, long now) {
    if (arrived.add(agent.hostId())) {
      last.accumulateAndGet(now, Math::max);
      done.countDown();
    }
  }
}
