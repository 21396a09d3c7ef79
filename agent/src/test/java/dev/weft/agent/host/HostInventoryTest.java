package dev.weft.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostInventoryTest {
  @Test
  void defaultRouteWithLowestMetric() {
    String route = """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        eth1\t00000000\t0101A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0
        eth0\t00000000\t01004D0A\t0003\t0\t0\t100\t00000000\t0\t0\t0
        eth0\t00004D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
        """;
    assertThat(HostInventory.defaultRouteInterface(route)).contains("eth0");
    assertThat(HostInventory.defaultRouteInterface("Iface\tDestination\n")).isEmpty();
  }

  @Test
  void reportCarriesErrorsAndEngineFailure() {
    HostInventory inv = new HostInventory("h1", null, "203.0.113.77", () -> {
      throw new IllegalStateException("connection refused");
    });
    var report = inv.report(List.of("x"));
    assertThat(report.hostId()).isEqualTo("h1");
    assertThat(report.underlayAddress()).isNull();
    assertThat(report.errors()).containsExactly("underlay address 203.0.113.77 is on no interface of this host", "x",
        "docker engine unreachable: connection refused");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "fd00:0:0:0:0:0:0:2, fd00::2",
      "fe80:0:0:0:fc:ff:fe00:1, fe80::fc:ff:fe00:1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:2:0:0:3:0:0, 1:0:2::3:0:0",
      "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
  })
  void ipv6IsPrintedShort(String full, String expected) {
    assertThat(HostInventory.compressIpv6(full)).isEqualTo(expected);
  }
}
