package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.wireguard.WireGuardKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireGuardProbeTest {
  static CommandRunner kernel(boolean has, List<String> calls) {
    return (argv, stdin) -> {
      calls.add(String.join(" ", argv));
      boolean add = argv.contains("add");
      return new CommandResult(argv, has || !add ? 0 : 2, "", has ? "" : "Error: Unknown device type.");
    };
  }

  @Test
  void theKernelModuleWinsAndTheProbeLinkIsRemoved() {
    List<String> calls = new ArrayList<>();
    assertThat(new WireGuardProbe(kernel(true, calls), Set.of("wg", "wireguard-go")::contains).detect())
        .isEqualTo(WireGuardKind.KERNEL);
    assertThat(calls).containsExactly("ip link add weft-wgprobe type wireguard", "ip link del weft-wgprobe");
  }

  @Test
  void withoutTheModuleWireguardGoOnThePath() {
    List<String> calls = new ArrayList<>();
    assertThat(new WireGuardProbe(kernel(false, calls), Set.of("wg", "wireguard-go")::contains).detect())
        .isEqualTo(WireGuardKind.USERSPACE);
  }

  @Test
  void nothingWithoutWgOrWithoutEither() {
    List<String> calls = new ArrayList<>();
    assertThat(new WireGuardProbe(kernel(false, calls), Set.of("wg")::contains).detect())
        .isEqualTo(WireGuardKind.NONE);
    assertThat(new WireGuardProbe(kernel(true, calls), Set.of("wireguard-go")::contains).detect())
        .isEqualTo(WireGuardKind.NONE);
  }
}
