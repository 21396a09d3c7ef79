package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.wireguard.WireGuardGoFailure;
import dev.weft.agent.wireguard.WireGuardSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real wireguard-go refused its interface name (issue 12, defect 10): a wireguard-go started in one network
 * namespace, as a lab host's is, holds {@code /var/run/wireguard/NAME.sock}, and the agent of a second namespace
 * starts its own with the same name. The agent's error must carry wireguard-go's reason, not its banner. Needs root,
 * iproute2 and wireguard-go; fails under CI=true rather than skipping. Every namespace, process and socket it makes
 * is removed, also on failure.
 */
class WireGuardGoStartTest {

  @Test
  void aNameHeldByAnotherWireGuardGoIsExplained() throws Exception {
    requireWireGuardGo();
    String run = HexFormat.of().formatHex(randomBytes(3));
    String earlier = "weft-t-" + run + "-a";
    String agent = "weft-t-" + run + "-b";
    String name = "wgt" + run;
    Path socket = Path.of(WireGuardGoFailure.SOCKET_DIR, name + ".sock");
    try {
      sh("ip", "netns", "add", earlier);
      sh("ip", "netns", "add", agent);
      sh("ip", "netns", "exec", earlier, "wireguard-go", name);
      assertThat(socket).as("the earlier wireguard-go's control socket").exists();
      CommandRunner runner = CommandRunner.local().inNetns("/run/netns/" + agent);
      WireGuardDevice device = new WireGuardDevice(name, runner, new IpCommand(runner));
      WireGuardSpec spec = new WireGuardSpec(WireGuardSpec.USERSPACE, "10.250.0.1", 24, 51820, 1420,
          "/nonexistent/key", List.of());

      assertThatThrownBy(() -> device.apply(spec)).isInstanceOf(DataPlaneException.class)
          .hasMessage("cannot make the WireGuard interface " + name + ": wireguard-go " + name + " exited 1: UAPI "
              + "listen error: unix socket in use (" + socket + " is held by an earlier wireguard-go, for example "
              + "one left running after its agent stopped or after its network namespace was deleted: end that "
              + "process (ps -C wireguard-go -o pid,args) or remove the socket)")
          .message().doesNotContain("first class support");
    } finally {
      for (String ns : List.of(earlier, agent)) {
        endProcessesIn(ns);
        KernelLab.SH.run(List.of("ip", "netns", "del", ns), null);
      }
      Files.deleteIfExists(socket);
    }
  }

  /** Ends what this test started in {@code ns}: the wireguard-go processes that live in it. */
  private static void endProcessesIn(String ns) throws InterruptedException {
    CommandResult pids = KernelLab.SH.run(List.of("ip", "netns", "pids", ns), null);
    if (!pids.ok()) {
      return;
    }
    for (String pid : pids.stdout().split("\\s+")) {
      if (pid.isEmpty()) {
        continue;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
      if (process.isPresent()) {
        process.get().destroy();
        try {
          process.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          process.get().destroyForcibly();
        }
      }
    }
  }

  private static void requireWireGuardGo() {
    KernelLab.requireKernel();
    boolean present = Stream.of("/usr/bin/", "/usr/local/bin/", "/usr/sbin/", "/bin/")
        .anyMatch(d -> Files.isExecutable(Path.of(d + "wireguard-go")));
    if (present) {
      return;
    }
    String why = "wireguard-go is not installed (apt-get install wireguard-go)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("this test needs wireguard-go (CI=true): " + why);
    }
    org.junit.jupiter.api.Assumptions.abort("skipped (not CI): " + why);
  }

  private static void sh(String... argv) {
    KernelLab.SH.run(List.of(argv), null).orThrow();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
