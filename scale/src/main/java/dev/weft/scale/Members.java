package dev.weft.scale;

import java.io.IOException;
import java.util.List;

/** The coordinator members of one bench run: started together, measured together (CPU summed, heap the largest). */
final class Members implements AutoCloseable {
  private final List<CoordinatorProcess> members;

  Members(List<CoordinatorProcess> members) {
    this.members = List.copyOf(members);
  }

  /** Launches every member at once (a cluster forms only when enough of them are up), then waits for each. */
  void startAll() throws IOException, InterruptedException {
    long begin = System.nanoTime();
    for (CoordinatorProcess member : members) {
      member.launch();
    }
    for (CoordinatorProcess member : members) {
      member.awaitListening(begin);
    }
  }

  /** CPU seconds used by every member together. */
  double cpuSeconds() throws IOException {
    double sum = 0;
    for (CoordinatorProcess member : members) {
      sum += member.cpuSeconds();
    }
    return sum;
  }

  /** The largest heap in use after a full GC among the members, in MiB (each member holds the whole view). */
  double heapAfterGcMb() throws IOException, InterruptedException {
    double max = 0;
    for (CoordinatorProcess member : members) {
      max = Math.max(max, member.heapAfterGcMb());
    }
    return max;
  }

  @Override
  public void close() throws InterruptedException {
    for (CoordinatorProcess member : members) {
      member.close();
    }
  }
}
