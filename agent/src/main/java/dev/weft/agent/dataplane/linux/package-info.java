/**
 * {@link dev.weft.agent.dataplane.DataPlane} on Linux: {@link dev.weft.agent.dataplane.linux.LinuxDataPlane} reads the
 * kernel ({@code ip -j}, {@code bridge -j}), plans with the pure {@code dataplane.Planner} and runs the plan in
 * batches; one small class per tool ({@code IpCommand}, {@code BridgeCommand}), every process through a
 * {@link dev.weft.agent.dataplane.linux.CommandRunner} with an argument list, a timeout and stderr in the exception.
 * The host's WireGuard interface comes in through {@link dev.weft.agent.dataplane.linux.WireGuardLink}, made in
 * {@code WireGuardDevice} here (the pure WireGuard planning is in {@code dev.weft.agent.wireguard}).
 */
package dev.weft.agent.dataplane.linux;
