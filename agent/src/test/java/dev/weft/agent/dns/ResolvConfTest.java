package dev.weft.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResolvConfTest {
  static final String DOCKER = "search lab.example\nnameserver 10.255.255.53\nnameserver 10.0.0.2\noptions ndots:0\n";

  @Test
  void pointKeepsSearchAndOptionsAndRestoreGivesBackTheOriginal() {
    String pointed = ResolvConf.point(DOCKER, "172.17.0.1");
    assertThat(ResolvConf.nameservers(pointed)).containsExactly("172.17.0.1");
    assertThat(pointed).contains("search lab.example").contains("options ndots:0");
    assertThat(ResolvConf.pointed(pointed)).isTrue();
    assertThat(ResolvConf.restore(pointed)).isEqualTo(DOCKER);
    assertThat(ResolvConf.nameservers(ResolvConf.restore(pointed))).containsExactly("10.255.255.53", "10.0.0.2");
  }

  @Test
  void pointingTwiceChangesNothingAndRestoringAnUnpointedFileChangesNothing() {
    String once = ResolvConf.point(DOCKER, "172.17.0.1");
    assertThat(ResolvConf.point(once, "172.17.0.1")).isEqualTo(once);
    assertThat(ResolvConf.restore(DOCKER)).isEqualTo(DOCKER);
  }

  @Test
  void defaultGatewayFromProcNetRoute() {
    String route = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        + "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        + "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
    assertThat(ResolvConf.defaultGateway(route)).isEqualTo("172.17.0.1");
    assertThat(ResolvConf.defaultGateway("Iface\tDestination\tGateway\n")).isNull();
  }
}
