package dev.weft.agent;

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
}
