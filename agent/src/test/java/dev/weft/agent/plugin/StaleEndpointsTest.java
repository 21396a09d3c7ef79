package dev.weft.agent.plugin;

import static dev.weft.agent.plugin.FakeDriverHost.RED;
import static dev.weft.agent.plugin.FakeDriverHost.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.docker.DockerNetworkEngine.DockerEndpoint;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.state.StateStore;
import dev.weft.common.net.Ipv4;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Docker forgot to give back while the agent was down is freed, after a grace, and nothing Docker still lists. */
class StaleEndpointsTest {
  static final String NET_ID = "5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";
  static final String GONE = "e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
  static final String KEPT = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

  @TempDir
  Path dir;

  LocalIpam ipam;
  DriverEndpoints endpoints;
  FakeDriverHost host;
  NetworkDriver driver;
  IpamDriver ipamDriver;
  Instant now = Instant.parse("2026-12-08T00:00:00Z");
  StaleEndpoints sweep;

  @BeforeEach
  void setUp() {
    ipam = new LocalIpam(new StateStore(dir), "h1");
    endpoints = new DriverEndpoints(new StateStore(dir));
    host = new FakeDriverHost(ipam, RED);
    driver = new NetworkDriver(host, ipam, endpoints);
    ipamDriver = new IpamDriver(host, ipam);
    ipam.grant("red", List.of("100.64.0.0/26"));
    driver.createNetwork(NetworkDriverTest.createNetwork(NET_ID, Map.of("weft.network", "red"), SUBNET));
    sweep = new StaleEndpoints(endpoints, ipam, host, new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    });
  }

  private String run(String endpointId) {
    String address = (String) ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()))
        .get("Address");
    driver.createEndpoint(new PluginMessages.CreateEndpoint(NET_ID, endpointId,
        new PluginMessages.EndpointInterface(address, "", "")));
    driver.join(new PluginMessages.Join(NET_ID, endpointId, "/var/run/docker/netns/x"));
    return address.replaceFirst("/.*", "");
  }

  @Test
  void anEndpointDockerNoLongerListsIsFreedAfterTheGraceAndOneItListsIsKept() {
    String goneIp = run(GONE);
    String keptIp = run(KEPT);
    Map<String, List<DockerEndpoint>> docker = Map.of(NET_ID, List.of(new DockerEndpoint(KEPT, "c2", "web", keptIp)));

    sweep.sweep(docker);
    now = now.plus(StaleEndpoints.GRACE.minus(Duration.ofSeconds(1)));
    sweep.sweep(docker);
    assertThat(endpoints.endpoint(GONE)).as("within the grace").isPresent();

    now = now.plus(Duration.ofSeconds(1));
    sweep.sweep(docker);
    assertThat(endpoints.endpoint(GONE)).isEmpty();
    assertThat(ipam.endpoint("red", GONE)).isEmpty();
    assertThat(ipam.held("red")).doesNotContain(Ipv4.parse(goneIp));
    assertThat(host.sent()).contains(new ToCoordinator.EndpointRemove("red", goneIp));
    assertThat(endpoints.endpoint(KEPT)).isPresent();
    assertThat(ipam.endpoint("red", KEPT)).isPresent();
  }

  @Test
  void anEndpointThatReappearsIsNotFreedAndAnUnreadableListSweepsNothing() {
    run(GONE);
    sweep.sweep(Map.of(NET_ID, List.of()));
    now = now.plus(Duration.ofSeconds(10));
    sweep.sweep(null); // Docker could not be asked: nothing is taken as gone
    String ip = endpoints.endpoint(GONE).orElseThrow().ip();
    sweep.sweep(Map.of(NET_ID, List.of(new DockerEndpoint(GONE, "c1", "web", ip))));
    now = now.plus(StaleEndpoints.GRACE);
    sweep.sweep(Map.of(NET_ID, List.of()));
    assertThat(endpoints.endpoint(GONE)).as("missing again only since now").isPresent();
  }

  @Test
  void aHeldAddressDockerNeverBoundIsGivenBackAfterTheGrace() {
    String held = ((String) ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()))
        .get("Address")).replaceFirst("/.*", "");
    sweep.sweep(Map.of(NET_ID, List.of()));
    now = now.plus(StaleEndpoints.GRACE);
    sweep.sweep(Map.of(NET_ID, List.of()));
    assertThat(ipam.held("red")).doesNotContain(Ipv4.parse(held));
  }
}
