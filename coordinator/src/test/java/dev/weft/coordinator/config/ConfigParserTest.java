package dev.weft.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  @Test
  void noFlagsMeansTheDefaults() {
    CoordinatorConfig config = ConfigParser.parse(List.of(), Map.of());
    assertThat(config).isEqualTo(CoordinatorConfig.defaults());
    assertThat(config.listenHost()).isEqualTo("0.0.0.0");
    assertThat(config.listenPort()).isEqualTo(7700);
    assertThat(config.dataDir()).isEqualTo(Path.of("weft-data"));
    assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.networkDefaults().poolsText()).isEqualTo("100.64.0.0/10");
    assertThat(config.tls()).isTrue();
    assertThat(config.tlsSans()).isEmpty();
  }

  @Test
  void tlsAndRepeatableSubjectNamesWithTheirTwins() {
    assertThat(ConfigParser.parse(List.of("--tls=false"), Map.of()).tls()).isFalse();
    assertThat(ConfigParser.parse(List.of(), Map.of("WEFT_TLS", "false")).tls()).isFalse();
    assertThat(ConfigParser.parse(List.of("--tls", "true"), Map.of("WEFT_TLS", "false")).tls()).isTrue();
    assertThat(ConfigParser.parse(List.of(), Map.of("WEFT_TLS_SAN", "a.example, 10.0.0.9")).tlsSans())
        .containsExactly("a.example", "10.0.0.9");
    assertThat(ConfigParser.parse(List.of("--tls-san", "b.example", "--tls-san=10.0.0.8"),
        Map.of("WEFT_TLS_SAN", "a.example")).tlsSans()).containsExactly("b.example", "10.0.0.8");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--tls", "maybe"), Map.of()))
        .hasMessage("--tls: maybe (expected: true or false)");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--tls-san", "bad name"), Map.of()))
        .hasMessage("--tls-san: bad name (expected: a DNS name or an IP address)");
  }

  @Test
  void flagsWinOverTheirEnvironmentTwins() {
    CoordinatorConfig config = ConfigParser.parse(
        List.of("--listen", "127.0.0.1:8800", "--vni-range=500-600", "--heartbeat-timeout", "5"),
        Map.of("WEFT_LISTEN", "1.2.3.4:1", "WEFT_DATA_DIR", "/tmp/w", "WEFT_SUBNET_POOL", "198.18.0.0/15",
            "WEFT_BLOCK_GRACE", "60", "WEFT_BLOCK_PREFIX", "27", "WEFT_SUBNET_PREFIX", "25",
            "WEFT_TUNNEL_POOL", "198.20.0.0/16"));
    assertThat(config.listenHost()).isEqualTo("127.0.0.1");
    assertThat(config.listenPort()).isEqualTo(8800);
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/w"));
    assertThat(config.networkDefaults().poolsText()).isEqualTo("198.18.0.0/15");
    assertThat(config.networkDefaults().subnetPrefix()).isEqualTo(25);
    assertThat(config.networkDefaults().blockPrefix()).isEqualTo(27);
    assertThat(config.networkDefaults().vnis().toString()).isEqualTo("500-600");
    assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.blockGrace()).isEqualTo(Duration.ofSeconds(60));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--nope x|unknown flag",
      "--listen|missing value",
      "--listen 7700|--listen",
      "--listen host:99999|--listen",
      "--subnet-pool 10.0.0.1/8|--subnet-pool",
      "--subnet-prefix 40|--subnet-prefix",
      "--vni-range 5-1|--vni-range",
      "--vni-range 0-10|--vni-range",
      "--block-prefix x|--block-prefix",
      "--heartbeat-timeout 0|--heartbeat-timeout",
      "--block-grace -1|--block-grace",
      "positional|unexpected argument"})
  void badFlagsAreClearErrors(String args, String mentioned) {
    assertThatThrownBy(() -> ConfigParser.parse(List.of(args.split(" ")), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(mentioned);
  }

  @Test
  void usageNamesEveryFlagAndItsTwin() {
    assertThat(ConfigParser.usage()).contains("--listen", "WEFT_LISTEN", "--block-grace", "WEFT_BLOCK_GRACE",
        "--vni-range", "WEFT_VNI_RANGE");
  }

  @Test
  void tunnelPoolAndPskRotation() {
    CoordinatorConfig config = ConfigParser.parse(List.of("--tunnel-pool", "10.250.0.0/16", "--psk-rotation", "30"),
        Map.of());
    assertThat(config.keys().tunnelPool().toString()).isEqualTo("10.250.0.0/16");
    assertThat(config.keys().pskRotation()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigParser.parse(List.of(), Map.of()).keys()).isEqualTo(dev.weft.coordinator.config.KeyConfig.DEFAULTS);
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--tunnel-pool", "100.64.8.0/24"), Map.of()))
        .hasMessage("--tunnel-pool: 100.64.8.0/24 (expected: a CIDR that does not overlap the subnet pool "
            + "100.64.0.0/10)");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--subnet-pool", "198.18.0.0/16"), Map.of()))
        .hasMessageStartingWith("--tunnel-pool: 198.18.0.0/15");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--tunnel-pool", "nope"), Map.of()))
        .hasMessageContaining("an IPv4 CIDR");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--psk-rotation", "0"), Map.of()))
        .hasMessageContaining("--psk-rotation: 0");
  }

  @Test
  void hostCertLifetimeInDays() {
    assertThat(ConfigParser.parse(List.of(), Map.of()).hostCertLifetime()).isEqualTo(Duration.ofDays(90));
    assertThat(ConfigParser.parse(List.of("--host-cert-lifetime", "30"), Map.of()).hostCertLifetime())
        .isEqualTo(Duration.ofDays(30));
    assertThat(ConfigParser.parse(List.of(), Map.of("WEFT_HOST_CERT_LIFETIME", "7")).hostCertLifetime())
        .isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--host-cert-lifetime", "0"), Map.of()))
        .hasMessageContaining("--host-cert-lifetime: 0");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--host-cert-lifetime", "3651"), Map.of()))
        .hasMessageContaining("--host-cert-lifetime: 3651");
    assertThat(ConfigParser.usage()).contains("--host-cert-lifetime", "WEFT_HOST_CERT_LIFETIME");
  }
}
