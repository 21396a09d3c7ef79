package dev.weft.agent.plugin;

import static dev.weft.agent.plugin.FakeDriverHost.RED;
import static dev.weft.agent.plugin.FakeDriverHost.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.state.StateStore;
import dev.weft.common.net.Ipv4;
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

/** libnetwork's IPAM calls over a real {@link LocalIpam} on disk and a fake agent around it. */
class IpamDriverTest {
  static final Map<String, String> GATEWAY = Map.of("RequestAddressType", IpamDriver.GATEWAY_REQUEST);

  @TempDir
  Path dir;

  LocalIpam ipam;
  FakeDriverHost host;
  IpamDriver driver;

  @BeforeEach
  void setUp() {
    ipam = new LocalIpam(new StateStore(dir), "h1");
    host = new FakeDriverHost(ipam, RED, FakeDriverHost.BLUE);
    driver = new IpamDriver(host, ipam);
  }

  static PluginMessages.RequestPool pool(String subnet, Map<String, String> options) {
    return new PluginMessages.RequestPool("weft", subnet, null, options, false);
  }

  static PluginMessages.RequestAddress address(String ip) {
    return new PluginMessages.RequestAddress("weft/red", ip, Map.of());
  }

  String requestAddress(String ip) {
    return (String) driver.requestAddress(address(ip)).get("Address");
  }

  static Stream<Arguments> pools() {
    return Stream.of(
        Arguments.of("by -o weft.network", pool(null, Map.of("weft.network", "red"))),
        Arguments.of("by --ipam-opt weft.network", pool("", Map.of("weft.network", "red"))),
        Arguments.of("by --subnet", pool(SUBNET, null)),
        Arguments.of("by --subnet and a name that agree", pool(SUBNET, Map.of("weft.network", "red"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pools")
  void aPoolIsTheWholeWeftNetwork(String name, PluginMessages.RequestPool request) {
    assertThat(driver.requestPool(request)).isEqualTo(Map.of("PoolID", "weft/red", "Pool", SUBNET, "Data", Map.of()));
  }

  /** Each row: a pool request Weft refuses, and what the message must name. */
  static Stream<Arguments> refusedPools() {
    return Stream.of(
        Arguments.of("unknown option", pool(SUBNET, Map.of("weft.color", "blue")),
            List.of("--ipam-opt weft.color=blue", "unknown option", "weft.network=NAME")),
        Arguments.of("IPv6", new PluginMessages.RequestPool("weft", null, null, Map.of("weft.network", "red"), true),
            List.of("IPv6 is not supported")),
        Arguments.of("--ip-range", new PluginMessages.RequestPool("weft", SUBNET, "100.64.0.0/26", null, false),
            List.of("--ip-range '100.64.0.0/26' is not supported")),
        Arguments.of("subnet that disagrees", pool("100.64.9.0/24", Map.of("weft.network", "red")),
            List.of("--subnet 100.64.9.0/24", "subnet is " + SUBNET)),
        Arguments.of("no name, no subnet", pool(null, Map.of()), List.of("weft.network=NAME")),
        Arguments.of("no name, empty subnet", pool("", null), List.of("weft.network=NAME")),
        Arguments.of("unknown name", pool(null, Map.of("weft.network", "green")),
            List.of("no Weft network 'green'", "weft network create green")),
        Arguments.of("unknown subnet", pool("10.9.0.0/16", null), List.of("no Weft network has subnet 10.9.0.0/16")),
        Arguments.of("not a subnet", pool("banana", null), List.of("--subnet 'banana'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedPools")
  void refusesPools(String name, PluginMessages.RequestPool request, List<String> fragments) {
    assertThatThrownBy(() -> driver.requestPool(request)).isInstanceOf(DriverException.class)
        .message().startsWith("weft: ").contains(fragments);
  }

  @Test
  void noCatalogYetIsRefusedWithAHint() {
    host.forgetCatalog();
    assertThatThrownBy(() -> driver.requestPool(pool(SUBNET, null))).isInstanceOf(DriverException.class)
        .hasMessageContaining("no network catalog").hasMessageContaining("try again");
  }

  @Test
  void theGatewayIsTheSubnetsNetworkAddressAndHoldsNothing() {
    ipam.grant("red", List.of("100.64.0.0/26"));
    assertThat(driver.requestAddress(new PluginMessages.RequestAddress("weft/red", "", GATEWAY)))
        .isEqualTo(Map.of("Address", "100.64.0.0/24", "Data", Map.of()));
    assertThat(ipam.held("red")).isEmpty();
    assertThat(requestAddress(null)).isEqualTo("100.64.0.1/24");
  }

  @Test
  void givesTheLowestFreeAddressOfThisHostsBlock() {
    ipam.grant("red", List.of("100.64.0.64/26"));
    assertThat(requestAddress(null)).isEqualTo("100.64.0.64/24");
    assertThat(requestAddress("")).isEqualTo("100.64.0.65/24");
    assertThat(ipam.held("red")).containsExactlyInAnyOrder(Ipv4.parse("100.64.0.64"), Ipv4.parse("100.64.0.65"));
    assertThat(host.blockRequests()).isEmpty();
  }

  @Test
  void givesTheAddressAskedForInsideThisHostsBlock() {
    ipam.grant("red", List.of("100.64.0.0/26"));
    assertThat(requestAddress("100.64.0.9")).isEqualTo("100.64.0.9/24");
    assertThat(requestAddress("100.64.0.10/24")).isEqualTo("100.64.0.10/24");
    assertThat(ipam.held("red")).containsExactlyInAnyOrder(Ipv4.parse("100.64.0.9"), Ipv4.parse("100.64.0.10"));
    assertThat(requestAddress(null)).as("the lowest free one skips neither").isEqualTo("100.64.0.1/24");
  }

  /** Each row: an {@code --ip} Weft refuses, and what the message must name. */
  static Stream<Arguments> refusedAddresses() {
    return Stream.of(
        Arguments.of("outside the subnet", "10.9.9.9", List.of("--ip 10.9.9.9 is outside network red's subnet "
            + SUBNET)),
        Arguments.of("another host's block", "100.64.0.200", List.of("100.64.0.200", "not in this host's blocks",
            "[100.64.0.0/26]")),
        Arguments.of("in use", "100.64.0.5", List.of("address 100.64.0.5 is in use")),
        Arguments.of("not an address", "100.64.0", List.of("address '100.64.0'", "an IPv4 address")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedAddresses")
  void refusesAddresses(String name, String ip, List<String> fragments) {
    ipam.grant("red", List.of("100.64.0.0/26"));
    requestAddress("100.64.0.5");
    assertThatThrownBy(() -> requestAddress(ip)).isInstanceOf(DriverException.class)
        .message().startsWith("weft: ").contains(fragments);
    assertThat(ipam.held("red")).containsExactly(Ipv4.parse("100.64.0.5"));
  }

  @Test
  void fullBlocksAskTheCoordinatorForANewBlockAndGiveFromIt() {
    ipam.grant("red", List.of("100.64.0.0/30")); // .0 is the subnet's network address: .1 to .3
    for (int i = 1; i <= 3; i++) {
      assertThat(requestAddress(null)).isEqualTo("100.64.0." + i + "/24");
    }
    host.willGrant("red", "100.64.0.0/30", "100.64.0.4/30");
    assertThat(requestAddress(null)).isEqualTo("100.64.0.4/24");
    assertThat(host.blockRequests()).containsExactly("red");
    assertThat(ipam.blocks("red")).containsExactly("100.64.0.0/30", "100.64.0.4/30");
  }

  @Test
  void noBlockAtAllAsksForOne() {
    host.willGrant("red", "100.64.0.128/26");
    assertThat(requestAddress(null)).isEqualTo("100.64.0.128/24");
    assertThat(host.blockRequests()).containsExactly("red");
  }

  @Test
  void fullBlocksAndNoNewOneIsRefusedNamingWhy() {
    ipam.grant("red", List.of("100.64.0.0/31")); // .0 is the network address: only .1
    requestAddress(null);
    assertThatThrownBy(() -> requestAddress(null)).isInstanceOf(DriverException.class)
        .hasMessageContaining("this host's blocks are full").hasMessageContaining("pool of network red exhausted");
    host.willGrant("red", "100.64.0.0/31"); // the coordinator answers, but with no new block
    assertThatThrownBy(() -> requestAddress(null)).isInstanceOf(DriverException.class)
        .hasMessageContaining("the coordinator granted none");
  }

  @Test
  void aPoolThatIsNotWeftsOrIsGoneIsRefused() {
    assertThatThrownBy(() -> driver.requestAddress(new PluginMessages.RequestAddress("default/x", null, null)))
        .isInstanceOf(DriverException.class).hasMessageContaining("pool 'default/x' is not Weft's");
    assertThatThrownBy(() -> driver.requestAddress(new PluginMessages.RequestAddress("weft/green", null, null)))
        .isInstanceOf(DriverException.class).hasMessageContaining("'green' is no longer in Weft's catalog");
  }

  @Test
  void releaseFreesTheAddressAndRepeatsAreHarmless() {
    ipam.grant("red", List.of("100.64.0.0/26"));
    requestAddress(null);
    requestAddress(null);
    PluginMessages.ReleaseAddress release = new PluginMessages.ReleaseAddress("weft/red", "100.64.0.1/24");
    assertThat(driver.releaseAddress(release)).isEmpty();
    assertThat(ipam.held("red")).containsExactly(Ipv4.parse("100.64.0.2"));
    assertThat(driver.releaseAddress(release)).isEmpty();
    assertThat(driver.releaseAddress(new PluginMessages.ReleaseAddress("weft/red", "100.64.0.0"))).as("gateway")
        .isEmpty();
    assertThat(driver.releasePool(new PluginMessages.ReleasePool("weft/red"))).isEmpty();
    assertThat(ipam.held("red")).containsExactly(Ipv4.parse("100.64.0.2"));
    assertThat(requestAddress(null)).isEqualTo("100.64.0.1/24");
  }

  @Test
  void capabilitiesAndAddressSpaces() {
    assertThat(driver.capabilities()).containsEntry("RequiresMACAddress", false);
    assertThat(driver.defaultAddressSpaces())
        .isEqualTo(Map.of("LocalDefaultAddressSpace", "weft", "GlobalDefaultAddressSpace", "weft"));
  }

  @Test
  void heldAddressesSurviveARestart() {
    ipam.grant("red", List.of("100.64.0.0/26"));
    requestAddress(null);
    requestAddress("100.64.0.7");

    LocalIpam again = new LocalIpam(new StateStore(dir), "h1");
    IpamDriver restarted = new IpamDriver(new FakeDriverHost(again, RED), again);
    assertThat(again.held("red")).containsExactlyInAnyOrder(Ipv4.parse("100.64.0.1"), Ipv4.parse("100.64.0.7"));
    assertThat(restarted.requestAddress(address(null)).get("Address")).isEqualTo("100.64.0.2/24");
  }
}
