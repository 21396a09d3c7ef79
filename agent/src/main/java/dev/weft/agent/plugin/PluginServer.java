package dev.weft.agent.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link NetworkDriver} and {@link IpamDriver} to dockerd on a Unix socket (by default
 * {@code /run/docker/plugins/weft.sock}, where dockerd finds plugins by name), mode 0600: only root, which dockerd
 * runs as, may call it. Requests are POSTs of JSON; answers are JSON with the reason set on a refusal
 * ({@link #refusal}), which Docker shows to the user. Handlers run on worker threads (they write state files and may wait for the kernel).
 */
public final class PluginServer {
  private static final Logger LOG = LoggerFactory.getLogger(PluginServer.class);
  static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1+json";

  private final Vertx vertx;
  private final Path socket;
  private final NetworkDriver network;
  private final IpamDriver ipam;
  private HttpServer server;

  public PluginServer(Vertx vertx, Path socket, NetworkDriver network, IpamDriver ipam) {
    this.vertx = vertx;
    this.socket = socket;
    this.network = network;
    this.ipam = ipam;
  }

  public Path socket() {
    return socket;
  }

  /**
   * Listens on the socket, replacing a stale socket file left by an agent that died.
   *
   * @throws IllegalStateException when another process serves the socket, or it cannot be made
   */
  public void start() {
    if (!vertx.isNativeTransportEnabled()) {
      throw new IllegalStateException("the Docker driver socket " + socket + " needs Netty's native epoll "
          + "transport, which did not load: " + vertx.unavailableNativeTransportCause());
    }
    try {
      Files.createDirectories(socket.getParent());
      if (Files.exists(socket)) {
        if (answers(socket)) {
          throw new IllegalStateException("another process serves " + socket + " (a second agent on this host?)");
        }
        Files.delete(socket);
      }
      server = vertx.createHttpServer().requestHandler(this::handle);
      server.listen(SocketAddress.domainSocketAddress(socket.toString())).toCompletionStage().toCompletableFuture()
          .get();
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot serve the Docker driver on " + socket + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    LOG.info("Docker network and IPAM driver 'weft' on {}", socket);
  }

  /** Stops listening and removes the socket file, so that dockerd sees no driver rather than a dead one. */
  public void stop() {
    if (server != null) {
      try {
        server.close().toCompletionStage().toCompletableFuture().get();
        Files.deleteIfExists(socket);
      } catch (Exception e) {
        LOG.debug("closing {}: {}", socket, e.toString());
      }
    }
  }

  private static boolean answers(Path path) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    request.body().onSuccess(body -> vertx.executeBlocking(() -> dispatch(path, body), false)
        .onComplete(result -> {
          Object answer;
          if (result.succeeded()) {
            answer = result.result();
          } else if (result.cause() instanceof DriverException refused) {
            LOG.warn("docker {}: refused: {}", path, refused.getMessage());
            answer = refusal(refused.getMessage());
          } else {
            LOG.error("docker {} failed", path, result.cause());
            answer = refusal("weft: " + result.cause());
          }
          reply(request, answer);
        }));
  }

  /**
   * A refusal in both protocols' words: the network driver's responses carry it as {@code Err}, the IPAM driver's as
   * {@code Error} (libnetwork's two {@code Response} types); each side ignores the other's key.
   */
  static Map<String, String> refusal(String message) {
    return Map.of("Err", message, "Error", message);
  }

  private static void reply(HttpServerRequest request, Object answer) {
    try {
      request.response().putHeader("Content-Type", CONTENT_TYPE)
          .end(Buffer.buffer(PluginJson.MAPPER.writeValueAsBytes(answer)));
    } catch (JsonProcessingException e) {
      request.response().setStatusCode(500).end();
    }
  }

  /** One request: the path names the call ({@code /NetworkDriver.Join}). Worker thread. */
  Object dispatch(String path, Buffer body) throws IOException {
    LOG.debug("docker {} {}", path, body);
    return switch (path) {
      case "/Plugin.Activate" -> Map.of("Implements", List.of("NetworkDriver", "IpamDriver"));
      case "/NetworkDriver.GetCapabilities" -> network.capabilities();
      case "/NetworkDriver.CreateNetwork" -> network.createNetwork(read(body, PluginMessages.CreateNetwork.class));
      case "/NetworkDriver.DeleteNetwork" -> network.deleteNetwork(read(body, PluginMessages.NetworkOnly.class));
      case "/NetworkDriver.CreateEndpoint" -> network.createEndpoint(read(body, PluginMessages.CreateEndpoint.class));
      case "/NetworkDriver.EndpointOperInfo" -> network.endpointInfo(read(body, PluginMessages.EndpointOnly.class));
      case "/NetworkDriver.DeleteEndpoint" -> network.deleteEndpoint(read(body, PluginMessages.EndpointOnly.class));
      case "/NetworkDriver.Join" -> network.join(read(body, PluginMessages.Join.class));
      case "/NetworkDriver.Leave" -> network.leave(read(body, PluginMessages.EndpointOnly.class));
      case "/NetworkDriver.DiscoverNew", "/NetworkDriver.DiscoverDelete",
           "/NetworkDriver.ProgramExternalConnectivity", "/NetworkDriver.RevokeExternalConnectivity" -> Map.of();
      case "/IpamDriver.GetCapabilities" -> ipam.capabilities();
      case "/IpamDriver.GetDefaultAddressSpaces" -> ipam.defaultAddressSpaces();
      case "/IpamDriver.RequestPool" -> ipam.requestPool(read(body, PluginMessages.RequestPool.class));
      case "/IpamDriver.ReleasePool" -> ipam.releasePool(read(body, PluginMessages.ReleasePool.class));
      case "/IpamDriver.RequestAddress" -> ipam.requestAddress(read(body, PluginMessages.RequestAddress.class));
      case "/IpamDriver.ReleaseAddress" -> ipam.releaseAddress(read(body, PluginMessages.ReleaseAddress.class));
      default -> throw new DriverException("weft: " + path + " is not supported by this driver");
    };
  }

  private static <T> T read(Buffer body, Class<T> type) {
    try {
      return PluginJson.MAPPER.readValue(body.getBytes(), type);
    } catch (JsonProcessingException e) {
      throw new DriverException("weft: a malformed request body (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new DriverException("weft: unreadable request body (" + e.getMessage() + ")");
    }
  }
}
