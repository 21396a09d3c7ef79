package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static final String[] MIN = {"--coordinator", "https://10.0.0.1:7700", "--join-token", "t0k"};

  private static AgentConfig parse(Map<String, String> env, String... args) throws Exception {
    return AgentConfig.parse(args, env, () -> "abcdef0123456789");
  }

  @Test
  void defaults() throws Exception {
    AgentConfig c = parse(Map.of(), MIN);
    assertThat(c.coordinators()).containsExactly(URI.create("https://10.0.0.1:7700"));
    assertThat(c.tls()).isTrue();
    assertThat(c.joinToken()).isEqualTo("t0k");
    assertThat(c.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(c.hostId()).isEqualTo("abcdef0123456789");
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/weft"));
    assertThat(c.underlayInterface()).isNull();
    assertThat(c.underlayAddress()).isNull();
    assertThat(c.vxlanPort()).isEqualTo(4800);
    assertThat(c.wireguardPort()).isEqualTo(51820);
    assertThat(c.resyncSeconds()).isEqualTo(30);
    assertThat(c.cleanup()).isFalse();
  }

  @Test
  void everyFlagAndEqualsForm() throws Exception {
    AgentConfig c = parse(Map.of(), "--coordinator=https://a:7701, https://b", "--join-token", "x",
        "--docker-host", "unix:///run/h1/docker.sock", "--host-id", "h1", "--state-dir", "/tmp/w1",
        "--underlay-address", "10.77.0.1", "--vxlan-port", "4801", "--wireguard-port", "51821",
        "--resync-interval", "5");
    assertThat(c.coordinators()).containsExactly(URI.create("https://a:7701"), URI.create("https://b:7700"));
    assertThat(c.dockerHost()).isEqualTo("unix:///run/h1/docker.sock");
    assertThat(c.hostId()).isEqualTo("h1");
    assertThat(c.stateDir()).isEqualTo(Path.of("/tmp/w1"));
    assertThat(c.underlayAddress()).isEqualTo("10.77.0.1");
    assertThat(c.vxlanPort()).isEqualTo(4801);
    assertThat(c.wireguardPort()).isEqualTo(51821);
    assertThat(c.resyncSeconds()).isEqualTo(5);
  }

  @Test
  void environmentTwinsAndFlagsWin() throws Exception {
    Map<String, String> env = Map.of("WEFT_COORDINATOR", "https://env:1", "WEFT_JOIN_TOKEN", "envtok",
        "WEFT_HOST_ID", "envhost", "WEFT_UNDERLAY_INTERFACE", "eth1", "WEFT_CLEANUP", "false",
        "WEFT_RESYNC_INTERVAL", "7");
    AgentConfig c = parse(env, "--host-id", "flaghost");
    assertThat(c.coordinators()).containsExactly(URI.create("https://env:1"));
    assertThat(c.joinToken()).isEqualTo("envtok");
    assertThat(c.hostId()).isEqualTo("flaghost");
    assertThat(c.underlayInterface()).isEqualTo("eth1");
    assertThat(c.resyncSeconds()).isEqualTo(7);
  }

  @Test
  void cleanupNeedsNoCoordinator() throws Exception {
    AgentConfig c = parse(Map.of(), "--cleanup", "--host-id", "h2");
    assertThat(c.cleanup()).isTrue();
    assertThat(c.coordinators()).isEmpty();
  }

  @Test
  void help() {
    assertThatThrownBy(() -> parse(Map.of(), "--help")).isInstanceOf(AgentConfig.HelpRequested.class)
        .hasMessageContaining("--coordinator");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus                                      | unknown flag: --bogus",
      "stray                                        | unexpected argument: 'stray'",
      "--vxlan-port 0                               | --vxlan-port: '0' (expected: an integer 1..65535)",
      "--vxlan-port abc                             | --vxlan-port: 'abc' (expected: an integer 1..65535)",
      "--wireguard-port 70000                       | --wireguard-port: '70000' (expected: an integer 1..65535)",
      "--wireguard-port 4800                        | --wireguard-port: 4800 (expected: a UDP port other than",
      "--resync-interval -3                         | --resync-interval: '-3'",
      "--underlay-address 10.0.0.300                | --underlay-address: '10.0.0.300' (expected: an IPv4",
      "--underlay-address 1.2.3.4 --underlay-interface eth0 | give one, not both",
      "--host-id bad/id                             | --host-id: 'bad/id'",
      "--docker-host /var/run/docker.sock           | --docker-host: '/var/run/docker.sock'",
      "--vxlan-port                                 | --vxlan-port: missing value",
      "--cleanup maybe                              | unexpected argument: 'maybe'",
  })
  void badFlagsSayWhatIsWrong(String args, String message) {
    List<String> all = new java.util.ArrayList<>(List.of(MIN));
    all.addAll(List.of(args.trim().split("\\s+")));
    assertThatThrownBy(() -> parse(Map.of(), all.toArray(String[]::new)))
        .isInstanceOf(AgentConfig.ConfigException.class).hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://x:1          | --coordinator: 'ftp://x:1' (expected: http(s)://host:port)",
      "not a url          | --coordinator: 'not a url'",
      "10.0.0.1:7700      | --coordinator: '10.0.0.1:7700'",
  })
  void badCoordinator(String url, String message) {
    assertThatThrownBy(() -> parse(Map.of(), "--coordinator", url, "--join-token", "t"))
        .isInstanceOf(AgentConfig.ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void missingRequired() {
    assertThatThrownBy(() -> parse(Map.of(), "--join-token", "t"))
        .hasMessageContaining("--coordinator: missing");
    assertThatThrownBy(() -> parse(Map.of(), "--coordinator", "https://a:1", "--state-dir", "/nonexistent/weft"))
        .hasMessageContaining("--join-token: missing");
    assertThatThrownBy(() -> AgentConfig.parse(MIN, Map.of(), () -> null))
        .hasMessageContaining("--host-id: missing");
  }

  @Test
  void tlsIsOnByDefaultAndTheSchemeMustAgree() throws Exception {
    assertThatThrownBy(() -> parse(Map.of(), "--coordinator", "http://a:1", "--join-token", "t"))
        .hasMessageContaining("--coordinator: 'http://a:1'")
        .hasMessageContaining("--tls=false");
    AgentConfig plain = parse(Map.of(), "--coordinator", "http://a:1", "--join-token", "t", "--tls=false");
    assertThat(plain.tls()).isFalse();
    AgentConfig fromEnv = parse(Map.of("WEFT_TLS", "false"), "--coordinator", "http://a:1", "--join-token", "t");
    assertThat(fromEnv.tls()).isFalse();
    assertThatThrownBy(() -> parse(Map.of(), "--coordinator", "https://a:1", "--join-token", "t", "--tls=false"))
        .hasMessageContaining("http://host:port with --tls=false");
  }

  @Test
  void aJoinedHostNeedsNoJoinToken(@org.junit.jupiter.api.io.TempDir Path state) throws Exception {
    java.nio.file.Files.writeString(state.resolve("host.pem"), "x");
    java.nio.file.Files.writeString(state.resolve("host-key.pem"), "x");
    AgentConfig c = parse(Map.of(), "--coordinator", "https://a:1", "--state-dir", state.toString());
    assertThat(c.joinToken()).isNull();
  }
}
