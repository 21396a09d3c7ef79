package dev.weft.agent.plugin;

import static dev.weft.agent.plugin.FakeDriverHost.RED;
import static dev.weft.agent.plugin.FakeDriverHost.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.dataplane.Names;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints.DriverEndpoint;
import dev.weft.agent.state.StateStore;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Ipv4;
import dev.weft.common.net.Macs;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libnetwork's network driver calls, in the order dockerd makes them, over a real {@link LocalIpam} and
 * {@link DriverEndpoints} on disk and a fake agent around them.
 */
class NetworkDriverTest {
  static final String NET_ID = "5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";
  static final String EP_ID = "e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
  static final String EP2_ID = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
  static final String IP = "100.64.0.1";
  static final String MAC = Macs.forIp(IP);

  @TempDir
  Path dir;

  LocalIpam ipam;
  DriverEndpoints endpoints;
  FakeDriverHost host;
  NetworkDriver driver;
  IpamDriver ipamDriver;

  @BeforeEach
  void setUp() {
    ipam = new LocalIpam(new StateStore(dir), "h1");
    endpoints = new DriverEndpoints(new StateStore(dir));
    host = new FakeDriverHost(ipam, RED, FakeDriverHost.BLUE);
    driver = new NetworkDriver(host, ipam, endpoints);
    ipamDriver = new IpamDriver(host, ipam);
    ipam.grant("red", List.of("100.64.0.0/26"));
  }

  static PluginMessages.CreateNetwork createNetwork(String id, Map<String, Object> generic, String pool) {
    return new PluginMessages.CreateNetwork(id, Map.of(DriverOptions.GENERIC, generic,
        "com.docker.network.enable_ipv6", false),
        List.of(new PluginMessages.IpamData("weft", pool, "100.64.0.0/24")), List.of());
  }

  static PluginMessages.CreateEndpoint createEndpoint(String endpointId, String address, String mac) {
    return new PluginMessages.CreateEndpoint(NET_ID, endpointId,
        new PluginMessages.EndpointInterface(address, "", mac));
  }

  static PluginMessages.EndpointOnly only(String endpointId) {
    return new PluginMessages.EndpointOnly(NET_ID, endpointId);
  }

  static PluginMessages.Join join(String endpointId) {
    return new PluginMessages.Join(NET_ID, endpointId, "/var/run/docker/netns/1234abcd");
  }

  /** What dockerd does for {@code docker network create -d weft --ipam-driver weft -o weft.network=red}. */
  void dockerNetworkCreate() {
    driver.createNetwork(createNetwork(NET_ID, Map.of("weft.network", "red"), SUBNET));
  }

  /** What dockerd does for {@code docker run --network red}, up to the container's start. */
  String dockerRun(String endpointId) {
    String address = (String) ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()))
        .get("Address");
    driver.createEndpoint(createEndpoint(endpointId, address, ""));
    driver.join(join(endpointId));
    return address;
  }

  @Test
  void createNetworkBindsTheDockerNetworkAndIsIdempotent() {
    assertThat(driver.createNetwork(createNetwork(NET_ID, Map.of("weft.network", "red"), SUBNET))).isEmpty();
    assertThat(endpoints.network(NET_ID)).contains("red");
    assertThat(driver.createNetwork(createNetwork(NET_ID, Map.of("weft.network", "red"), SUBNET))).isEmpty();
    assertThat(endpoints.snapshot().networks()).isEqualTo(Map.of(NET_ID, "red"));
  }

  @Test
  void createNetworkFindsTheWeftNetworkBySubnetWithoutAnOption() {
    driver.createNetwork(createNetwork("other", Map.of(), "100.65.0.0/24"));
    assertThat(endpoints.network("other")).contains("blue");
  }

  /** Each row: a CreateNetwork Weft refuses, and what the message must name. */
  static Stream<Arguments> refusedNetworks() {
    return Stream.of(
        Arguments.of("unknown -o key", createNetwork(NET_ID, Map.of("weft.network", "red", "mtu", "9000"), SUBNET),
            List.of("-o mtu=9000", "unknown option", "weft.network=NAME")),
        Arguments.of("IPv6", new PluginMessages.CreateNetwork(NET_ID, Map.of(),
                List.of(new PluginMessages.IpamData("weft", SUBNET, null)),
                List.of(new PluginMessages.IpamData("weft", "fd00::/64", null))),
            List.of("IPv6 is not supported")),
        Arguments.of("two subnets", new PluginMessages.CreateNetwork(NET_ID, Map.of(),
                List.of(new PluginMessages.IpamData("weft", SUBNET, null),
                    new PluginMessages.IpamData("weft", "100.65.0.0/24", null)), null),
            List.of("exactly one IPv4 subnet", "Docker gave 2")),
        Arguments.of("no subnet", new PluginMessages.CreateNetwork(NET_ID, null, null, null),
            List.of("Docker gave 0")),
        Arguments.of("a pool of another IPAM driver", createNetwork(NET_ID, Map.of("weft.network", "red"),
            "172.18.0.0/16"), List.of("172.18.0.0/16", SUBNET)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedNetworks")
  void refusesNetworks(String name, PluginMessages.CreateNetwork request, List<String> fragments) {
    assertThatThrownBy(() -> driver.createNetwork(request)).isInstanceOf(DriverException.class)
        .message().startsWith("weft: ").contains(fragments);
    assertThat(endpoints.snapshot().networks()).isEmpty();
  }

  @Test
  void deleteNetworkForgetsTheBindingAndRepeatsAreHarmless() {
    dockerNetworkCreate();
    assertThat(driver.deleteNetwork(new PluginMessages.NetworkOnly(NET_ID))).isEmpty();
    assertThat(endpoints.network(NET_ID)).isEmpty();
    assertThat(driver.deleteNetwork(new PluginMessages.NetworkOnly(NET_ID))).isEmpty();
  }

  @Test
  void createEndpointBindsTheHeldAddressAndTellsTheCoordinator() {
    dockerNetworkCreate();
    assertThat(ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of())))
        .containsEntry("Address", IP + "/24");

    Map<String, Object> answer = driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", ""));

    assertThat(answer).isEqualTo(Map.of("Interface", Map.of("MacAddress", MAC)));
    assertThat(MAC).isEqualTo("02:57:64:40:00:01");
    Endpoint expected = new Endpoint("red", "h1", IP, MAC, EP_ID, null);
    assertThat(host.sent()).containsExactly(new ToCoordinator.EndpointAdd(expected));
    assertThat(ipam.endpoint("red", EP_ID)).contains(expected);
    assertThat(ipam.held("red")).isEmpty();
    assertThat(endpoints.endpoint(EP_ID)).contains(new DriverEndpoint("red", IP, false));
    assertThat(endpoints.snapshot().owns("red", EP_ID)).isTrue();
    assertThat(driver.endpointInfo(only(EP_ID)))
        .isEqualTo(Map.of("Value", Map.of("weft.network", "red", "weft.ip", IP)));
  }

  @Test
  void createEndpointAgainGivesTheSameAnswer() {
    dockerNetworkCreate();
    ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()));
    Map<String, Object> first = driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", null));
    assertThat(driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", null))).isEqualTo(first);
    assertThat(ipam.endpoints()).hasSize(1);
    assertThat(endpoints.snapshot().endpoints()).hasSize(1);
  }

  @Test
  void createEndpointWithTheDerivedMacAnswersNothingAndAnotherMacIsRefused() {
    dockerNetworkCreate();
    ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()));
    assertThatThrownBy(() -> driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", "02:42:ac:11:00:02")))
        .isInstanceOf(DriverException.class).hasMessageContaining("--mac-address 02:42:ac:11:00:02")
        .hasMessageContaining(MAC);
    assertThat(ipam.held("red")).as("still held for the next try").containsExactly(Ipv4.parse(IP));
    assertThat(endpoints.endpoint(EP_ID)).isEmpty();
    assertThat(host.sent()).isEmpty();

    assertThat(driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", MAC))).isEmpty();
    assertThat(ipam.endpoint("red", EP_ID)).isPresent();
  }

  @Test
  void createEndpointWithAnAddressNotHeldIsRefused() {
    dockerNetworkCreate();
    assertThatThrownBy(() -> driver.createEndpoint(createEndpoint(EP_ID, "100.64.0.9/24", "")))
        .isInstanceOf(DriverException.class).hasMessageContaining("100.64.0.9")
        .hasMessageContaining("was not given by Weft's IPAM driver");
    assertThat(ipam.endpoints()).isEmpty();
    assertThat(endpoints.endpoint(EP_ID)).isEmpty();
    assertThat(host.sent()).isEmpty();
  }

  @Test
  void createEndpointOnAnUnboundNetworkOrWithoutAnAddressIsRefused() {
    assertThatThrownBy(() -> driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", "")))
        .isInstanceOf(DriverException.class).hasMessageContaining("docker network " + NET_ID.substring(0, 12))
        .hasMessageContaining("not bound");
    dockerNetworkCreate();
    assertThatThrownBy(() -> driver.createEndpoint(createEndpoint(EP_ID, "", "")))
        .isInstanceOf(DriverException.class).hasMessageContaining("--ipam-driver weft");
    assertThatThrownBy(() -> driver.createEndpoint(new PluginMessages.CreateEndpoint(NET_ID, EP_ID,
        new PluginMessages.EndpointInterface(IP + "/24", "fd00::2/64", null))))
        .isInstanceOf(DriverException.class).hasMessageContaining("IPv6");
  }

  @Test
  void joinMarksTheEndpointJoinedAndNamesTheInterfaceDockerMovesIn() {
    dockerNetworkCreate();
    ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()));
    driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", ""));
    int appliesBefore = host.applies();

    Map<String, Object> answer = driver.join(join(EP_ID));

    assertThat(answer).containsEntry("InterfaceName",
        Map.of("SrcName", Names.dockerPeer(EP_ID), "DstPrefix", "eth"));
    assertThat(Names.dockerPeer(EP_ID)).isEqualTo("wd" + EP_ID.substring(0, 12));
    assertThat(endpoints.endpoint(EP_ID)).contains(new DriverEndpoint("red", IP, true));
    assertThat(host.applies()).as("the kernel brought to the desired state before answering")
        .isGreaterThan(appliesBefore);
    assertThat(driver.join(join(EP_ID))).isEqualTo(answer);
  }

  @Test
  void joinFailsNamingTheDataPlanesError() {
    dockerNetworkCreate();
    ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()));
    driver.createEndpoint(createEndpoint(EP_ID, IP + "/24", ""));
    host.failApplies(new IllegalStateException("RTNETLINK answers: File exists"));
    assertThatThrownBy(() -> driver.join(join(EP_ID))).isInstanceOf(DriverException.class)
        .hasMessageContaining("endpoint " + EP_ID.substring(0, 12))
        .hasMessageContaining("RTNETLINK answers: File exists");
  }

  @Test
  void joinOfAnUnknownEndpointIsRefused() {
    dockerNetworkCreate();
    assertThatThrownBy(() -> driver.join(join(EP_ID))).isInstanceOf(DriverException.class)
        .hasMessageContaining("endpoint " + EP_ID.substring(0, 12) + " is unknown");
  }

  @Test
  void leaveMarksTheEndpointNotJoinedAndRepeatsAreHarmless() {
    dockerNetworkCreate();
    dockerRun(EP_ID);
    assertThat(driver.leave(only(EP_ID))).isEmpty();
    assertThat(endpoints.endpoint(EP_ID)).contains(new DriverEndpoint("red", IP, false));
    assertThat(driver.leave(only(EP_ID))).isEmpty();
    assertThat(driver.leave(only(EP2_ID))).as("unknown").isEmpty();
    assertThat(endpoints.endpoint(EP_ID)).contains(new DriverEndpoint("red", IP, false));
  }

  @Test
  void deleteEndpointTellsTheCoordinatorAndKeepsTheAddressHeldUntilReleased() {
    dockerNetworkCreate();
    dockerRun(EP_ID);
    driver.leave(only(EP_ID));

    assertThat(driver.deleteEndpoint(only(EP_ID))).isEmpty();

    assertThat(host.sent()).last().isEqualTo(new ToCoordinator.EndpointRemove("red", IP));
    assertThat(endpoints.endpoint(EP_ID)).isEmpty();
    assertThat(ipam.endpoint("red", EP_ID)).isEmpty();
    assertThat(ipam.held("red")).containsExactly(Ipv4.parse(IP));
    assertThat(dockerRun(EP2_ID)).as("a held address is not given again").isEqualTo("100.64.0.2/24");

    assertThat(driver.deleteEndpoint(only(EP_ID))).as("repeat").isEmpty();
    assertThat(host.sent()).filteredOn(m -> m instanceof ToCoordinator.EndpointRemove).hasSize(1);

    ipamDriver.releaseAddress(new PluginMessages.ReleaseAddress("weft/red", IP + "/24"));
    assertThat(ipam.held("red")).isEmpty();
    ipamDriver.releaseAddress(new PluginMessages.ReleaseAddress("weft/red", IP + "/24"));
    assertThat(ipam.held("red")).isEmpty();
    assertThat(ipam.endpoint("red", EP2_ID)).as("the other endpoint is untouched").isPresent();
    assertThat(dockerRun("c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"))
        .isEqualTo(IP + "/24");
  }

  @Test
  void aRestartedAgentSeesTheSameNetworksEndpointsAndHeldAddresses() {
    dockerNetworkCreate();
    dockerRun(EP_ID);
    String second = dockerRun(EP2_ID);
    driver.leave(only(EP2_ID));
    driver.deleteEndpoint(only(EP2_ID));
    String held = (String) ipamDriver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", Map.of()))
        .get("Address");

    LocalIpam ipam2 = new LocalIpam(new StateStore(dir), "h1");
    DriverEndpoints endpoints2 = new DriverEndpoints(new StateStore(dir));
    FakeDriverHost host2 = new FakeDriverHost(ipam2, RED);
    NetworkDriver driver2 = new NetworkDriver(host2, ipam2, endpoints2);

    assertThat(endpoints2.snapshot()).isEqualTo(endpoints.snapshot());
    assertThat(endpoints2.network(NET_ID)).contains("red");
    assertThat(endpoints2.endpoint(EP_ID)).contains(new DriverEndpoint("red", IP, true));
    assertThat(endpoints2.endpoint(EP2_ID)).isEmpty();
    assertThat(ipam2.endpoints()).isEqualTo(ipam.endpoints());
    assertThat(ipam2.held("red")).containsExactlyInAnyOrder(Ipv4.parse(strip(second)), Ipv4.parse(strip(held)));

    // dockerd repeats its calls after a restart: the answers are those it had before.
    assertThat(driver2.join(join(EP_ID))).containsEntry("InterfaceName",
        Map.of("SrcName", Names.dockerPeer(EP_ID), "DstPrefix", "eth"));
    assertThat(driver2.createEndpoint(createEndpoint(EP_ID, IP + "/24", "")))
        .isEqualTo(Map.of("Interface", Map.of("MacAddress", MAC)));
    driver2.createEndpoint(createEndpoint(EP2_ID, held, ""));
    assertThat(ipam2.endpoint("red", EP2_ID).orElseThrow().ip()).isEqualTo(strip(held));
  }

  @Test
  void capabilitiesAreLocalScopeWithGlobalConnectivity() {
    assertThat(driver.capabilities()).isEqualTo(Map.of("Scope", "local", "ConnectivityScope", "global"));
  }

  private static String strip(String address) {
    return address.replaceFirst("/.*", "");
  }
}
