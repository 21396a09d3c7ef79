package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.ActualState.FdbEntry;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NeighEntry;
import dev.weft.agent.dataplane.ActualState.VxlanAttrs;
import dev.weft.agent.dataplane.DataPlaneException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of iproute2 6.1 JSON, on output captured from this kernel. */
class IprouteJsonTest {
  static final String LINKS = """
      [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"mtu":65536,"qdisc":"noop","operstate":"DOWN",\
      "link_type":"loopback","address":"00:00:00:00:00:00"},\
      {"ifindex":2,"link_index":2,"ifname":"vx100","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1400,\
      "master":"br100","operstate":"UNKNOWN","link_netnsid":0,"linkinfo":{"info_kind":"vxlan","info_data":{"id":100,\
      "local":"10.99.9.1","port_range":{"low":0,"high":0},"port":4800,"learning":false,"proxy":true,"ttl":0},\
      "info_slave_kind":"bridge","info_slave_data":{"state":"disabled","learning":true}}},\
      {"ifindex":3,"ifname":"br100","flags":["BROADCAST","MULTICAST"],"mtu":1400,"operstate":"DOWN",\
      "linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}}},\
      {"ifindex":9,"link_index":2,"ifname":"ve0123456789ab","flags":["BROADCAST","MULTICAST","UP"],"mtu":1400,\
      "master":"br100","ifalias":"weft,cid=c1,pid=5","link_netnsid":1,"linkinfo":{"info_kind":"veth",\
      "info_slave_kind":"bridge"}}]
      """;

  @Test
  void linksCarryKindStateMasterAliasAndVxlanAttributes() {
    List<Link> links = IprouteJson.links(IprouteJson.values(LINKS).get(0));
    assertThat(links).containsExactly(
        new Link(1, "lo", null, 65536, false, null, null, null),
        new Link(2, "vx100", "vxlan", 1400, true, "br100", null,
            new VxlanAttrs(100, 4800, "10.99.9.1", false, true, true), true),
        new Link(3, "br100", "bridge", 1400, false, null, null, null),
        new Link(9, "ve0123456789ab", "veth", 1400, true, "br100", "weft,cid=c1,pid=5", null));
  }

  @Test
  void vxlanMadeInPlaceHasNoForeignNetns() {
    String json = """
        [{"ifindex":4,"ifname":"vx7","flags":["UP"],"mtu":1500,"linkinfo":{"info_kind":"vxlan",\
        "info_data":{"id":7,"port":4789,"learning":true,"proxy":false}}}]""";
    Link l = IprouteJson.links(IprouteJson.values(json).get(0)).get(0);
    assertThat(l.vxlan()).isEqualTo(new VxlanAttrs(7, 4789, null, true, false, false));
  }

  @Test
  void fdbKeepsOnlyTheVxlanDevicesOwnEntries() {
    String json = """
        [{"mac":"96:84:79:d5:3f:c7","ifname":"vx100","flags":[],"master":"br100","state":"permanent"},\
        {"mac":"02:57:0A:01:01:02","ifname":"vx100","dst":"10.99.9.2","linkNetNsId":0,"flags":["self"],\
        "state":"permanent"},\
        {"mac":"00:00:00:00:00:00","ifname":"vx100","dst":"10.99.9.3","flags":["self"],"state":"permanent"},\
        {"mac":"33:33:00:00:00:01","ifname":"br100","flags":["self"],"state":"permanent"},\
        {"mac":"02:57:0a:63:00:0c","ifname":"vx100","flags":[],"master":"br100","state":""}]""";
    assertThat(IprouteJson.fdb(IprouteJson.values(json).get(0))).containsExactly(
        new FdbEntry("vx100", "02:57:0a:01:01:02", "10.99.9.2"),
        new FdbEntry("vx100", "00:00:00:00:00:00", "10.99.9.3"));
  }

  @Test
  void neighbours() {
    String json = """
        [{"dst":"10.1.1.2","dev":"vx100","lladdr":"02:57:0a:01:01:02","state":["PERMANENT"]},\
        {"dst":"10.1.1.3","dev":"vx100","lladdr":"02:57:0A:01:01:03","state":["STALE"]},\
        {"dst":"10.1.1.4","dev":"vx100","state":["FAILED"]}]""";
    assertThat(IprouteJson.neigh(IprouteJson.values(json).get(0))).containsExactly(
        new NeighEntry("vx100", "10.1.1.2", "02:57:0a:01:01:02", true),
        new NeighEntry("vx100", "10.1.1.3", "02:57:0a:01:01:03", false),
        new NeighEntry("vx100", "10.1.1.4", null, false));
  }

  @Test
  void batchOutputIsASequenceOfArraysAndEmptyOutputIsNothing() {
    List<JsonNode> values = IprouteJson.values("[]\n[{\"name\":\"weft-a-1\"},{\"name\":\"other\"}]\n");
    assertThat(values).hasSize(2);
    assertThat(values.get(0).isArray()).isTrue();
    assertThat(IprouteJson.netnsNames(values.get(1))).containsExactly("weft-a-1", "other");
    assertThat(IprouteJson.values("")).isEmpty();
    assertThat(IprouteJson.values(null)).isEmpty();
    assertThat(IprouteJson.links(null)).isEmpty();
    assertThat(IprouteJson.fdb(null)).isEmpty();
  }

  @Test
  void garbageIsADataPlaneException() {
    assertThatThrownBy(() -> IprouteJson.values("[{\"ifname\": ")).isInstanceOf(DataPlaneException.class)
        .hasMessageContaining("cannot parse iproute2 JSON");
  }
}
