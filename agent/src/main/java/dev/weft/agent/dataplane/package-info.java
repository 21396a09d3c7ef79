/**
 * The agent's data plane, pure: what the kernel should hold ({@link dev.weft.agent.dataplane.DesiredState}), what it
 * holds ({@link dev.weft.agent.dataplane.ActualState}), and the {@link dev.weft.agent.dataplane.Planner} that turns
 * both into an ordered {@link dev.weft.agent.dataplane.Plan}; the {@link dev.weft.agent.dataplane.DataPlane}
 * interface. No processes, no Docker, no control channel here: {@code dev.weft.agent.dataplane.linux} runs the plan
 * on Linux.
 *
 * <p>Per network, Docker's overlay way: a namespace {@code weft-PREFIX-VNI} holding a bridge {@code br<vni>} and a
 * VXLAN device {@code vx<vni>} ({@code nolearning proxy}, the desired UDP port and local underlay address). The VXLAN
 * device is made in the host namespace, so that its UDP socket lives there, then moved in. The bridge never sees the
 * host's firewall: Docker's FORWARD DROP with bridged frames through iptables (seen on Docker 20.10 hosts) cannot drop overlay traffic.
 * Remote endpoints become static FDB entries (MAC to underlay address, {@code self permanent}) and static neighbour
 * entries (IP to MAC, {@code nud permanent}); there is no all-zero FDB entry, so no ARP or unknown unicast is
 * flooded across hosts; the VXLAN device answers ARP from its neighbour table. A container joins through a veth pair:
 * {@code wf<vni>} in the container with its address and MAC, {@code ve<12 chars of its id>} on the bridge, whose
 * alias records the attachment (container id, pid, address, MAC, MTU) so that a restarted agent recognises it.
 *
 * <p>Flow of one {@link dev.weft.agent.dataplane.DataPlane#apply} on Linux: {@code linux.KernelStateReader} reads
 * the actual state ({@code ip -j}, {@code bridge -j}); the pure {@link dev.weft.agent.dataplane.Planner} turns desired
 * plus actual into an ordered {@link dev.weft.agent.dataplane.Plan}; the plan runs as a few {@code ip -batch -} and
 * {@code bridge -batch -} processes, one per namespace and tool, through a {@code linux.CommandRunner}.
 */
package dev.weft.agent.dataplane;
