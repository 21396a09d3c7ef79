package dev.weft.agent.reconcile;

import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.docker.ContainerSource.LocalContainer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running containers, or the last known ones when Docker cannot be asked: nothing is torn down because the
 * engine is away. Lists on the thread that calls {@link #list} (never the reconciler's: dockerd may be waiting for this
 * agent's driver while it answers, issue 14); read from any thread, never waiting for Docker.
 */
final class ContainerListing {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final String KEY = "docker";

  private final ContainerSource docker;
  private final LogOnce problem = new LogOnce();
  private volatile List<LocalContainer> last;

  ContainerListing(ContainerSource docker) {
    this.docker = docker;
  }

  /** The containers last listed; null before the first good listing. */
  List<LocalContainer> last() {
    return last;
  }

  /** Why the last listing failed, or null when it did not. */
  String error() {
    return problem.get(KEY);
  }

  /** Lists again: the running containers, or the last known ones (null if none yet) when Docker cannot be asked. */
  List<LocalContainer> list() {
    try {
      List<LocalContainer> now = docker.running();
      if (problem.cleared(KEY)) {
        LOG.info("docker engine reachable again");
      }
      last = now;
      return now;
    } catch (RuntimeException e) {
      String msg = "docker engine unreachable: " + e.getMessage();
      if (problem.changed(KEY, msg)) {
        LOG.error("{}; keeping the last known containers attached", msg);
      }
      return last;
    }
  }
}
