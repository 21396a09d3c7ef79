package dev.weft.agent.control;

import dev.weft.common.model.Network;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.sync.TableBook;
import dev.weft.common.sync.TableSync;
import dev.weft.common.wire.ToAgent;
import java.net.URI;
import java.util.List;

/**
 * What the {@link ControlClient} tells the agent. Callbacks, on the event loop: implementations must hand work to
 * their own thread and return at once.
 */
public interface ControlListener {
  /** A session began (welcome received). */
  default void onConnected(URI coordinator) { }

  /** A session began with this welcome; by default {@link #onConnected}. */
  default void onWelcomed(URI coordinator, ToAgent.Welcome welcome) {
    onConnected(coordinator);
  }

  default void onDisconnected() { }

  /** The full network catalog. */
  void onCatalog(List<Network> networks);

  /** The table of {@code network} in the {@link TableBook} changed. */
  void onTableChanged(String network);

  /** What a table message did (after {@link #onTableChanged}, before any snapshot request it causes). */
  default void onTableSync(TableSync.Reaction reaction) { }

  /** Every Swarm service rule (issue 5), the full list; replaces the previous one. */
  default void onServices(List<ServiceRule> rules) { }

  /** This host's WireGuard key table (issue 6), the whole of it; replaces the previous one. */
  default void onKeys(ToAgent.Keys keys) { }

  /** An error the coordinator sent that answers no request of ours (already logged). */
  default void onCoordinatorError(ToAgent.Error error) { }
}
