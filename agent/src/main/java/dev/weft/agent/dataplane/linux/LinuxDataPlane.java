package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.ActualState;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.DesiredStates;
import dev.weft.agent.dataplane.Names;
import dev.weft.agent.dataplane.Op;
import dev.weft.agent.dataplane.Plan;
import dev.weft.agent.dataplane.Planner;
import dev.weft.agent.wireguard.WireGuardPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DataPlane} on Linux with iproute2, the way Docker's overlay driver does it: per network a namespace
 * {@code weft-PREFIX-VNI} holding a bridge {@code br<vni>}, a VXLAN device {@code vx<vni>} (made in the host namespace
 * so that its UDP socket lives there, then moved in) and the bridge ends of container veths. The host's firewall
 * (Docker's FORWARD DROP with bridged traffic through iptables) never sees the overlay's bridged frames.
 *
 * <p>Each {@link #apply} reads the actual state, plans the difference with the pure {@link Planner} and runs the plan
 * as a few batches ({@code ip -batch -}, {@code bridge -batch -}), one per namespace and tool. One lock per host
 * prefix serializes every change on the host, also across instances in one process.
 *
 * <p>The real agent: {@code new LinuxDataPlane(prefix, CommandRunner.local(), WireGuardDevice::new)} (commands run
 * in the agent's own network namespace). A lab host that is itself a network namespace: {@code new
 * LinuxDataPlane(prefix, CommandRunner.local().inNetns("/var/run/netns/HOST"), WireGuardDevice::new)}.
 */
public final class LinuxDataPlane implements DataPlane {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxDataPlane.class);

  private static final ConcurrentMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  private final Names names;
  private final Object lock;
  private final IpCommand ip;
  private final BridgeCommand bridge;
  private final KernelStateReader reader;
  private final WireGuardLink wireGuard;
  /** False once this instance removed the WireGuard interface or found none, until it makes one again. */
  private boolean wireGuardMayExist = true;

  /**
   * @param hostPrefix short per-host tag in every namespace name ({@code [a-z0-9][a-z0-9-]{0,31}}); hosts sharing
   *                   /var/run/netns (the lab) need distinct prefixes
   * @param runner     runs {@code ip}, {@code bridge} and {@code nsenter}; {@link CommandRunner#local()} for an agent
   *                   that runs in its host's namespace, {@code local().inNetns(path)} for a lab host
   * @param wireGuard  makes the host's WireGuard interface ({@code WireGuardDevice::new})
   */
  public LinuxDataPlane(String hostPrefix, CommandRunner runner, WireGuardLink.Factory wireGuard) {
    this.names = new Names(hostPrefix);
    this.lock = LOCKS.computeIfAbsent(hostPrefix, p -> new Object());
    this.ip = new IpCommand(runner);
    this.bridge = new BridgeCommand(runner);
    this.reader = new KernelStateReader(names, ip, bridge);
    this.wireGuard = wireGuard.open(names.wireGuard(), runner, ip);
  }

  public Names names() {
    return names;
  }

  @Override
  public void apply(DesiredState desired) {
    synchronized (lock) {
      // WireGuard first when wanted (encrypted networks' VXLAN devices send from its tunnel address), last when not
      // (after the devices that used it are gone).
      if (desired.wireGuard() != null) {
        wireGuardMayExist = true;
        wireGuard.apply(desired.wireGuard());
      }
      execute(plan(desired));
      if (desired.wireGuard() == null && wireGuardMayExist && !desired.partial()) {
        wireGuard.remove();
        wireGuardMayExist = false;
      }
    }
  }

  @Override
  public void removeAll() {
    synchronized (lock) {
      try {
        execute(Planner.plan(names, new DesiredState(null, 0, List.of()), reader.read()));
      } finally {
        wireGuard.remove();
        wireGuardMayExist = false;
      }
    }
  }

  /** The WireGuard interface as it is now, or null when there is none (issue 6). */
  public WireGuardPlanner.Actual wireGuardActual() {
    synchronized (lock) {
      return wireGuard.read();
    }
  }

  /**
   * The plan that {@link #apply} would run now. Reads the kernel, changes nothing.
   *
   * @throws IllegalArgumentException when {@code desired} is invalid, before anything is read
   */
  public Plan plan(DesiredState desired) {
    DesiredStates.validate(desired);
    synchronized (lock) {
      return Planner.plan(names, desired, reader.read());
    }
  }

  /** What Weft finds in the kernel now. */
  public ActualState actual() {
    synchronized (lock) {
      return reader.read();
    }
  }

  /**
   * Runs every batch, even after one fails (a container that exited must not hold up the other networks), then
   * reports all failures at once; the next apply retries what did not take.
   */
  private void execute(Plan plan) {
    if (plan.isEmpty()) {
      return;
    }
    List<Plan.Batch> batches = plan.batches();
    LOG.info("data plane: {} changes in {} batches", plan.ops().size(), batches.size());
    if (LOG.isDebugEnabled()) {
      LOG.debug("data plane plan:\n{}", plan);
    }
    List<String> failures = new ArrayList<>();
    boolean previousOk = true;
    for (Plan.Batch b : batches) {
      if (b.guarded() && !previousOk) {
        continue;
      }
      try {
        CommandResult result = b.tool() == Op.Tool.IP
            ? ip.batch(b.where(), b.lines()) : bridge.batch(b.where(), b.lines());
        previousOk = result.ok();
        if (!previousOk) {
          failures.add("[" + b.where() + "] " + result.describe());
        }
      } catch (DataPlaneException e) {
        previousOk = false;
        failures.add("[" + b.where() + "] " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new DataPlaneException("data plane changes failed: " + String.join("; ", failures));
    }
  }
}
