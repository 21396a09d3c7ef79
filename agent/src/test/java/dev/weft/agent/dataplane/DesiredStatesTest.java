package dev.weft.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value ends up in a batch line: bad ones, above all with spaces or newlines, never get through. */
class DesiredStatesTest {
  static final RemoteEndpoint R = new RemoteEndpoint("10.1.0.2", "02:57:0a:01:00:02", "192.168.1.2");
  static final Attachment A = new Attachment("c1", 10, "10.1.0.3", 24, "02:57:0a:01:00:03");
  static final String EP = "e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";

  static DesiredNetwork net(int vni, int mtu, List<RemoteEndpoint> r, List<Attachment> a) {
    return new DesiredNetwork("n", vni, "10.1.0.0/24", mtu, r, a);
  }

  static DesiredState state(DesiredNetwork... n) {
    return new DesiredState("192.168.1.1", 4800, List.of(n));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(new DesiredState("192.168.1.300", 4800, List.of(net(1, 1400, List.of(), List.of()))),
            "underlayAddress: 192.168.1.300"),
        Arguments.of(new DesiredState("192.168.1.1", 0, List.of(net(1, 1400, List.of(), List.of()))),
            "vxlanPort: 0 (expected: 1..65535)"),
        Arguments.of(state(net(0, 1400, List.of(), List.of())), "vni: 0 (expected: 1..16777215)"),
        Arguments.of(state(net(16_777_216, 1400, List.of(), List.of())), "vni: 16777216"),
        Arguments.of(state(net(5, 1400, List.of(), List.of()), net(5, 1400, List.of(), List.of())),
            "unique among networks"),
        Arguments.of(state(net(5, 67, List.of(), List.of())), "mtu: 67"),
        Arguments.of(state(net(5, 1400, List.of(new RemoteEndpoint("10.1.0.2 ", R.mac(), R.underlay())), List.of())),
            "remote ip"),
        Arguments.of(state(net(5, 1400, List.of(new RemoteEndpoint(R.ip(), "02:57:0A:01:00:02", R.underlay())),
            List.of())), "remote mac"),
        Arguments.of(state(net(5, 1400, List.of(new RemoteEndpoint(R.ip(), R.mac(), "host1")), List.of())),
            "remote underlay"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment("c1\nlink del lo", 10, A.ip(), 24,
            A.mac())))), "containerId"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(A, A))), "attached once per network"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment("c1", 0, A.ip(), 24, A.mac())))),
            "pid: 0"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment("c1", 10, A.ip(), 33, A.mac())))),
            "prefix: 33"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment("c1", 10, "10.1.0", 24, A.mac())))),
            "attachment ip"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment("c1", 10, A.ip(), 24, "02:57"))))
            , "attachment mac"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment(EP, 10, A.ip(), 24, A.mac(),
            Names.dockerPeer(EP))))), "pid: 10 (expected: 0 for an interface that Docker moves into the container)"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment(EP, 0, A.ip(), 24, A.mac(),
            "wd x\nlink del lo")))), "dockerPeer: wd x"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment(EP, 0, A.ip(), 24, A.mac(),
            "WD0123456789ab")))), "dockerPeer: WD0123456789ab"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment(EP, 0, A.ip(), 24, A.mac(),
            "wd0123456789abcd")))), "dockerPeer: wd0123456789abcd (expected: [a-z0-9]{1,15})"),
        Arguments.of(state(net(5, 1400, List.of(), List.of(new Attachment(EP, 0, A.ip(), 24, A.mac(), "")))),
            "dockerPeer: "),
        Arguments.of(state(net(5, 1400, List.of(), List.of(Attachment.forDocker(EP, A.ip(), 24, "02:57:0A:01:00:03")))),
            "attachment mac"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void refuses(DesiredState state, String message) {
    assertThatThrownBy(() -> DesiredStates.validate(state)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void acceptsAGoodStateAndAnEmptyOneWithoutUnderlay() {
    assertThatCode(() -> DesiredStates.validate(state(net(5, 1400, List.of(R), List.of(A)))))
        .doesNotThrowAnyException();
    assertThatCode(() -> DesiredStates.validate(new DesiredState(null, 0, List.of()))).doesNotThrowAnyException();
  }

  @Test
  void acceptsADockerAttachmentBesideALabelledOne() {
    Attachment docker = Attachment.forDocker(EP, "10.1.0.4", 24, "02:57:0a:01:00:04");
    assertThat(docker.pid()).isZero();
    assertThat(docker.dockerPeer()).isEqualTo("wde1d2c3b4a596");
    assertThat(docker.byDocker()).isTrue();
    assertThat(A.byDocker()).isFalse();
    assertThatCode(() -> DesiredStates.validate(state(net(5, 1400, List.of(R), List.of(A, docker)))))
        .doesNotThrowAnyException();
  }
}
