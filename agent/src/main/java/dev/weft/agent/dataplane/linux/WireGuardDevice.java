package dev.weft.agent.dataplane.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.dataplane.Where;
import dev.weft.agent.wireguard.WireGuardDump;
import dev.weft.agent.wireguard.WireGuardGoFailure;
import dev.weft.agent.wireguard.WireGuardPlanner;
import dev.weft.agent.wireguard.WireGuardSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's one WireGuard interface (issue 6), in the host namespace: read, made (kernel link or a wireguard-go
 * process on a TUN device), addressed, configured with {@code wg syncconf}, and removed (deleting the link ends
 * wireguard-go, which exits when its TUN device goes).
 */
public final class WireGuardDevice implements WireGuardLink {
  private static final Logger LOG = LoggerFactory.getLogger(WireGuardDevice.class);

  private final String name;
  private final CommandRunner runner;
  private final IpCommand ip;

  public WireGuardDevice(String name, CommandRunner runner, IpCommand ip) {
    this.name = name;
    this.runner = runner;
    this.ip = ip;
  }

  public String name() {
    return name;
  }

  /** The interface as it is, or null when it does not exist. */
  @Override
  public WireGuardPlanner.Actual read() {
    CommandResult r = runner.run(Tools.argv(Where.HOST, "ip", "-j", "-d", "addr", "show", "dev", name), null);
    if (!r.ok()) {
      if (r.stderr().contains("does not exist") || r.stderr().contains("Cannot find device")) {
        return null;
      }
      throw new DataPlaneException(r.describe());
    }
    List<JsonNode> values = IprouteJson.values(r.stdout());
    if (values.isEmpty() || values.get(0).size() == 0) {
      return null;
    }
    JsonNode n = values.get(0).get(0);
    boolean up = false;
    for (JsonNode flag : n.path("flags")) {
      up |= "UP".equals(flag.asText());
    }
    List<String> addrs = new ArrayList<>();
    for (JsonNode a : n.path("addr_info")) {
      if ("inet".equals(a.path("family").asText())) {
        addrs.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
    }
    String kind = n.path("linkinfo").path("info_kind").asText(null);
    return new WireGuardPlanner.Actual(kind, n.path("mtu").asInt(), up, addrs);
  }

  /** Makes the interface match {@code spec} (null: removes it). */
  @Override
  public void apply(WireGuardSpec spec) {
    WireGuardPlanner.Steps steps = WireGuardPlanner.plan(name, spec, read());
    if (steps.remove()) {
      remove();
    }
    if (steps.create()) {
      create(spec.kind());
    }
    if (!steps.ipLines().isEmpty()) {
      ip.batch(Where.HOST, steps.ipLines()).orThrow();
    }
    if (steps.configure()) {
      configure(spec);
    }
  }

  @Override
  public void remove() {
    CommandResult r = runner.run(Tools.argv(Where.HOST, "ip", "link", "del", name), null);
    if (r.ok()) {
      LOG.info("WireGuard interface {} removed", name);
      // wireguard-go exits with its TUN device but may leave its control socket behind
      try {
        Files.deleteIfExists(Path.of(WireGuardGoFailure.SOCKET_DIR, name + ".sock"));
      } catch (IOException e) {
        LOG.warn("cannot delete wireguard-go's socket of {}: {}", name, e.toString());
      }
    } else if (!r.stderr().contains("Cannot find device") && !r.stderr().contains("does not exist")) {
      throw new DataPlaneException(r.describe());
    }
  }

  private void create(String kind) {
    CommandResult r = WireGuardSpec.KERNEL.equals(kind)
        ? runner.run(Tools.argv(Where.HOST, "ip", "link", "add", name, "type", "wireguard"), null)
        // wireguard-go makes the TUN device and its control socket, then forks to the background and exits 0; with
        // LOG_LEVEL unset its child writes nowhere, so nothing holds this runner's pipes open.
        : runner.run(Tools.argv(Where.HOST, "wireguard-go", name), null);
    if (!r.ok()) {
      // wireguard-go logs its reason on stdout; its stderr holds only the banner box (seen on Docker 20.10 hosts)
      String why = WireGuardSpec.KERNEL.equals(kind) ? r.describe()
          : WireGuardGoFailure.message(name, r.exitCode(), r.stdout(), r.stderr(),
              Files.exists(Path.of(WireGuardGoFailure.SOCKET_DIR, name + ".sock")));
      throw new DataPlaneException("cannot make the WireGuard interface " + name + ": " + why);
    }
    LOG.info("WireGuard interface {} made ({})", name, kind);
  }

  /** Sets key, port and peers with {@code wg set}, only where they differ from {@code wg show NAME dump}. */
  private void configure(WireGuardSpec spec) {
    Path keyFile = Path.of(spec.privateKeyFile());
    String privateKey;
    try {
      privateKey = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the WireGuard key " + keyFile, e);
    }
    CommandResult dump = runner.run(Tools.argv(Where.HOST, "wg", "show", name, "dump"), null);
    if (!dump.ok()) {
      throw new DataPlaneException(dump.describe());
    }
    WireGuardDump actual;
    try {
      actual = WireGuardDump.parse(dump.stdout());
    } catch (IllegalArgumentException e) {
      throw new DataPlaneException(e.getMessage(), e);
    }
    for (WireGuardPlanner.WgCommand c : WireGuardPlanner.wgCommands(name, privateKey, spec, actual)) {
      CommandResult r = runner.run(Tools.argv(Where.HOST, "wg", c.args().toArray(String[]::new)), c.stdin());
      if (!r.ok()) {
        throw new DataPlaneException(c + " exited " + r.exitCode() + ": " + r.stderr().strip());
      }
    }
  }
}
