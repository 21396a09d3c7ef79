package dev.weft.agent.control;

import dev.weft.common.sync.TableSync;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each message of a welcomed session goes (all but the welcome, which the client takes): tables to the
 * {@link TableSync} (and a snapshot request back on a gap), answers to the {@link PendingRequests} or the
 * {@link CertificateRenewal}, everything else to the listener. Context only.
 */
final class Inbox {
  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  private final TableSync sync;
  private final ControlListener listener;
  private final PendingRequests requests;
  private final CertificateRenewal renewal;
  private final Consumer<ToCoordinator> write;

  /** @param write sends on the current session */
  Inbox(TableSync sync, ControlListener listener, PendingRequests requests, CertificateRenewal renewal,
        Consumer<ToCoordinator> write) {
    this.sync = sync;
    this.listener = listener;
    this.requests = requests;
    this.renewal = renewal;
    this.write = write;
  }

  void receive(URI uri, ToAgent message) {
    if (message instanceof ToAgent.Networks n) {
      sync.catalog(n.networks());
      listener.onCatalog(n.networks());
    } else if (message instanceof ToAgent.Services s) {
      listener.onServices(s.rules());
    } else if (message instanceof ToAgent.Keys k) {
      listener.onKeys(k);
    } else if (message instanceof ToAgent.BlockGrant g) {
      requests.granted(g);
    } else if (message instanceof ToAgent.Renewed r) {
      renewal.renewed(r);
    } else if (message instanceof ToAgent.RenewNow r) {
      renewal.requested(uri, r);
    } else if (message instanceof ToAgent.Error e) {
      if (!renewal.error(e) && !requests.refused(e)) {
        LOG.error("coordinator {} says: {}: {}", uri, e.code(), e.message());
        listener.onCoordinatorError(e);
      }
    } else {
      tables(message);
    }
  }

  private void tables(ToAgent message) {
    TableSync.Reaction reaction = sync.receive(message);
    if (reaction.kind() == TableSync.Kind.OTHER) {
      return;
    }
    if (reaction.changed() != null) {
      listener.onTableChanged(reaction.changed());
    }
    listener.onTableSync(reaction);
    for (String network : reaction.resync()) {
      if (reaction.kind() == TableSync.Kind.RESUME) {
        LOG.info("table {}: changed since the coordinator found it current; asking for a snapshot", network);
      } else if (message instanceof ToAgent.TableDelta d) {
        LOG.info("table {}: delta {}#{} does not follow the held table; asking for a snapshot", network, d.epoch(),
            d.version());
      }
      write.accept(new ToCoordinator.SnapshotRequest(network));
    }
  }
}
