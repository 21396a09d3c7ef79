package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The lab itself behaves like real Docker hosts (no Weft involved). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabSelfIT {
  private Lab lab;

  @BeforeAll
  void up() {
    Prereqs.check(false);
    lab = Lab.up(2);
  }

  @AfterAll
  void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void hostsLookLikeFreshDockerHosts() {
    for (int h = 1; h <= 2; h++) {
      assertThat(lab.exec(h, "iptables", "-S", "FORWARD").orThrow().out())
          .as("FORWARD policy on host %d", h).startsWith("-P FORWARD DROP");
      assertThat(lab.exec(h, "sysctl", "-n", "net.ipv4.ip_forward").orThrow().text()).isEqualTo("1");
      assertThat(lab.exec(h, "ip", "link", "show", "docker0").ok()).as("docker0 on host %d", h).isTrue();
      assertThat(lab.docker(h, "image", "inspect", "weft/busybox:lab").ok()).isTrue();
      assertThat(lab.docker(h, "image", "inspect", "weft/iperf3:lab").ok()).isTrue();
    }
  }

  @Test
  void underlayConnectsHosts() {
    lab.exec(1, "ping", "-c", "1", "-W", "2", Lab.underlayIp(2)).orThrow();
    lab.exec(2, "ping", "-c", "1", "-W", "2", Lab.BRIDGE_ADDR).orThrow();
  }

  @Test
  void containersOnDockersOwnBridgePingEachOther() {
    lab.runContainer(1, "self-a", null);
    lab.runContainer(1, "self-b", null);
    String b = lab.docker(1, "inspect", "-f", "{{.NetworkSettings.IPAddress}}", "self-b").orThrow().text();
    assertThat(b).isNotBlank();
    lab.docker(1, "exec", "self-a", "ping", "-c", "2", "-W", "2", b).orThrow();
    // and busybox's ping takes fractional intervals, which the Weft tests rely on
    lab.docker(1, Duration.ofSeconds(20), "exec", "self-a", "ping", "-i", "0.2", "-c", "3", "-W", "2", b).orThrow();
  }
}
