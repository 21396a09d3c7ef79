package dev.weft.agent.plugin;

import static dev.weft.agent.plugin.FakeDriverHost.RED;
import static dev.weft.agent.plugin.FakeDriverHost.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.state.StateStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's Unix socket as dockerd sees it: a real Vert.x server with the native transport, spoken to with raw
 * HTTP/1.1 over the JDK's own Unix domain socket channel, as dockerd's Go client would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginServerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  Vertx vertx;
  Path socket;
  LocalIpam ipam;
  DriverEndpoints endpoints;
  FakeDriverHost host;
  PluginServer server;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    // the agent ships Netty's native epoll transport for this socket: its absence is a failure, never a skip
    assertThat(vertx.isNativeTransportEnabled()).as("native transport: %s", vertx.unavailableNativeTransportCause())
        .isTrue();
    socket = dir.resolve("plugins").resolve("weft.sock");
    StateStore store = new StateStore(dir.resolve("state"));
    ipam = new LocalIpam(store, "h1");
    endpoints = new DriverEndpoints(store);
    host = new FakeDriverHost(ipam, RED);
    server = newServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.stop();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  PluginServer newServer() {
    return new PluginServer(vertx, socket, new NetworkDriver(host, ipam, endpoints), new IpamDriver(host, ipam));
  }

  /** One request on a fresh connection; returns the status line and the JSON body. */
  static Reply post(Path socket, String path, String body) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\n"
        + "Host: plugin\r\n"
        + "User-Agent: Go-http-client/1.1\r\n"
        + "Accept: application/vnd.docker.plugins.v1.2+json\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + content.length + "\r\n"
        + "Connection: close\r\n\r\n";
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      ch.write(ByteBuffer.wrap(content));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
      String text = out.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      assertThat(split).as("an HTTP reply: %s", text).isPositive();
      String headers = text.substring(0, split);
      return new Reply(headers.substring(0, headers.indexOf("\r\n")), headers,
          JSON.readTree(text.substring(split + 4)));
    }
  }

  record Reply(String status, String headers, JsonNode body) {
  }

  @Test
  void activateAnswersBothDriverKinds() throws IOException {
    server.start();
    Reply reply = post(socket, "/Plugin.Activate", "");
    assertThat(reply.status()).isEqualTo("HTTP/1.1 200 OK");
    assertThat(reply.headers()).containsIgnoringCase("content-type: " + PluginServer.CONTENT_TYPE);
    assertThat(JSON.convertValue(reply.body().get("Implements"), List.class))
        .containsExactly("NetworkDriver", "IpamDriver");
  }

  @Test
  void anUnknownPathAnswersErr() throws IOException {
    server.start();
    Reply reply = post(socket, "/NetworkDriver.AllocateNetwork", "{}");
    assertThat(reply.body().path("Err").asText()).contains("/NetworkDriver.AllocateNetwork")
        .contains("not supported");
  }

  @Test
  void aMalformedBodyAnswersErr() throws IOException {
    server.start();
    Reply reply = post(socket, "/IpamDriver.RequestPool", "{\"Pool\": ");
    assertThat(reply.body().path("Err").asText()).startsWith("weft: a malformed request body");
  }

  /** Docker's own JSON, PascalCase, with fields Weft does not read: the records map it and the answers go back. */
  @Test
  void dockersRequestsRoundTripThroughTheSocket() throws IOException {
    server.start();
    ipam.grant("red", List.of("100.64.0.0/26"));
    JsonNode pool = post(socket, "/IpamDriver.RequestPool", "{\"AddressSpace\":\"weft\",\"Pool\":\"\","
        + "\"SubPool\":\"\",\"Options\":{\"weft.network\":\"red\"},\"V6\":false}").body();
    assertThat(pool.path("PoolID").asText()).isEqualTo("weft/red");
    assertThat(pool.path("Pool").asText()).isEqualTo(SUBNET);
    assertThat(pool.has("Err")).isFalse();

    JsonNode refused = post(socket, "/IpamDriver.RequestPool", "{\"Pool\":\"\",\"V6\":true}").body();
    assertThat(refused.path("Err").asText()).contains("IPv6");
    // libnetwork's IPAM client reads its own key: without it, Docker says only "No address returned"
    assertThat(refused.path("Error").asText()).contains("IPv6");

    JsonNode address = post(socket, "/IpamDriver.RequestAddress", "{\"PoolID\":\"weft/red\",\"Address\":\"\","
        + "\"Options\":{\"com.docker.network.ipam.serial\":\"false\"}}").body();
    assertThat(address.path("Address").asText()).isEqualTo("100.64.0.1/24");

    String netId = "9d2b" + "0".repeat(60);
    String epId = "4e5f" + "1".repeat(60);
    JsonNode created = post(socket, "/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + netId + "\","
        + "\"Options\":{\"com.docker.network.enable_ipv6\":false,\"com.docker.network.generic\":"
        + "{\"weft.network\":\"red\"}},\"IPv4Data\":[{\"AddressSpace\":\"weft\",\"Gateway\":\"100.64.0.0/24\","
        + "\"Pool\":\"100.64.0.0/24\"}],\"IPv6Data\":[]}").body();
    assertThat(created.has("Err")).as("%s", created).isFalse();

    JsonNode endpoint = post(socket, "/NetworkDriver.CreateEndpoint", "{\"NetworkID\":\"" + netId + "\","
        + "\"EndpointID\":\"" + epId + "\",\"Interface\":{\"Address\":\"100.64.0.1/24\",\"AddressIPv6\":\"\","
        + "\"MacAddress\":\"\"},\"Options\":{}}").body();
    assertThat(endpoint.path("Interface").path("MacAddress").asText()).isEqualTo("02:57:64:40:00:01");

    JsonNode join = post(socket, "/NetworkDriver.Join", "{\"NetworkID\":\"" + netId + "\",\"EndpointID\":\""
        + epId + "\",\"SandboxKey\":\"/var/run/docker/netns/abc\",\"Options\":{}}").body();
    assertThat(join.path("InterfaceName").path("SrcName").asText()).isEqualTo("wd4e5f11111111");
    assertThat(join.path("InterfaceName").path("DstPrefix").asText()).isEqualTo("eth");
    assertThat(endpoints.endpoint(epId)).contains(new DriverEndpoints.DriverEndpoint("red", "100.64.0.1", true));
  }

  @Test
  void theSocketIsForItsOwnerOnly() throws IOException {
    server.start();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
  }

  @Test
  void aSecondServerOnAServedSocketRefusesToStart() throws IOException {
    server.start();
    PluginServer second = newServer();
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another process serves " + socket);
    assertThat(post(socket, "/Plugin.Activate", "").body().has("Implements")).as("the first still serves").isTrue();
  }

  @Test
  void aStaleSocketFileIsReplaced() throws IOException {
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket)); // an agent that died: the file stays, nobody listens
    }
    assertThat(socket).exists();

    server.start();

    assertThat(post(socket, "/Plugin.Activate", "").body().has("Implements")).isTrue();
  }

  @Test
  void stopRemovesTheSocketFile() throws IOException {
    server.start();
    server.stop();
    server = null;
    assertThat(socket).doesNotExist();
  }
}
