package dev.weft.coordinator.channel;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.coordinator.distribution.AgentLink;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.block.BlockService;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.host.HostService;
import dev.weft.coordinator.block.BlockGrantOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of a registered agent, each turned into a service call off the event loop. A request that fails with
 * a request id is answered by an error naming it; others fail the returned future for the session to answer.
 */
final class Requests {
  private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

  private final Vertx vertx;
  private final AgentLink link;
  private final TableDistributor distributor;
  private final HostService hosts;
  private final EndpointService endpoints;
  private final BlockService blocks;
  private final Certification certification;
  private final Consumer<ToAgent> reply;

  Requests(Vertx vertx, AgentLink link, TableDistributor distributor, HostService hosts, EndpointService endpoints,
           BlockService blocks, Certification certification, Consumer<ToAgent> reply) {
    this.vertx = vertx;
    this.link = link;
    this.distributor = distributor;
    this.hosts = hosts;
    this.endpoints = endpoints;
    this.blocks = blocks;
    this.certification = certification;
    this.reply = reply;
  }

  /** Handles one message of the registered {@code host}; completes when its store work is done. */
  Future<?> dispatch(String host, ToCoordinator message) {
    if (message instanceof ToCoordinator.Register) {
      reply.accept(new ToAgent.Error(null, "bad-request", "already registered as " + host));
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.Heartbeat) {
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.HostUpdate update) {
      if (update.host() == null || !host.equals(update.host().hostId())) {
        reply.accept(new ToAgent.Error(null, "bad-request", "host-update must keep hostId " + host));
        return Future.succeededFuture();
      }
      return blocking(() -> {
        hosts.update(update.host());
        return null;
      });
    }
    if (message instanceof ToCoordinator.EndpointAdd add) {
      return blocking(() -> endpoints.add(host, add.endpoint()));
    }
    if (message instanceof ToCoordinator.EndpointRemove remove) {
      return blocking(() -> {
        endpoints.remove(host, remove.network(), remove.ip());
        return null;
      });
    }
    if (message instanceof ToCoordinator.BlockRequest request) {
      return blocking(() -> blocks.request(host, request.network(), request.full()))
          .onSuccess((BlockGrantOutcome grant) -> reply.accept(new ToAgent.BlockGrant(request.requestId(),
              request.network(), grant.block(), grant.owned())))
          .recover(e -> {
            reply.accept(ChannelErrors.of(request.requestId(), e, host));
            return Future.succeededFuture();
          });
    }
    if (message instanceof ToCoordinator.SnapshotRequest request) {
      distributor.sendSnapshot(link, request.network());
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.Renew renew) {
      return renew(host, renew);
    }
    reply.accept(new ToAgent.Error(null, "bad-request",
        "unsupported message " + message.getClass().getSimpleName()));
    return Future.succeededFuture();
  }

  /** A new host certificate over this session (issue 12); the session stays, bound to the new serial. */
  private Future<?> renew(String host, ToCoordinator.Renew renew) {
    if (certification.credentials() == null) {
      reply.accept(new ToAgent.Error(renew.requestId(), "bad-request", "renew: this coordinator runs without TLS "
          + "(--tls=false) and issues no host certificates"));
      return Future.succeededFuture();
    }
    String serial = certification.serial();
    return blocking(() -> certification.credentials().renew(host, serial, renew.publicKey())).onSuccess(issued -> {
      certification.renewed(issued);
      LOG.info("host {} renewed its certificate (serial {})", host, issued.serial());
      reply.accept(new ToAgent.Renewed(renew.requestId(), issued.certificate(), issued.ca()));
    }).recover(e -> {
      reply.accept(ChannelErrors.of(renew.requestId(), e, host));
      return Future.succeededFuture();
    });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
