package dev.weft.coordinator.swarm;

import dev.weft.coordinator.error.SwarmUnavailableException;
import java.util.List;

/**
 * The Swarm manager the coordinator asks about services and tasks ({@code --swarm-manager}). Every method blocks:
 * call it off event loops.
 */
public interface SwarmManager extends AutoCloseable {

  /** Whether a manager is configured; when false, {@link #serviceExists} and {@link #tasks} throw. */
  boolean configured();

  /** Where the manager is, for messages ({@code unix:///var/run/docker.sock}), or "none". */
  String describe();

  /**
   * @return whether a service of exactly this name exists
   * @throws SwarmUnavailableException when the manager cannot be asked or is not a manager
   */
  boolean serviceExists(String name);

  /**
   * The tasks of a service, in every state Swarm still remembers; empty when the service has none or does not exist.
   *
   * @throws SwarmUnavailableException when the manager cannot be asked
   */
  List<SwarmTask> tasks(String service);

  @Override
  void close();

  /** No manager configured: rules accept any well-formed service name, and task status is unknown. */
  SwarmManager NONE = new SwarmManager() {
    @Override
    public boolean configured() {
      return false;
    }

    @Override
    public String describe() {
      return "none";
    }

    @Override
    public boolean serviceExists(String name) {
      throw new SwarmUnavailableException("no --swarm-manager configured");
    }

    @Override
    public List<SwarmTask> tasks(String service) {
      throw new SwarmUnavailableException("no --swarm-manager configured");
    }

    @Override
    public void close() {
    }
  };
}
