package dev.weft.agent.dataplane;

/**
 * A container interface on this host.
 *
 * @param containerId Docker container id (full), or the Docker endpoint id of an endpoint made through Weft's Docker
 *                    driver (issue 14)
 * @param pid         a process in the container's network namespace ({@code /proc/PID/ns/net}); the container's
 *                    init pid from {@code docker inspect}; 0 for a Docker driver endpoint, whose namespace Docker
 *                    enters itself
 * @param ip          IPv4 address without prefix
 * @param prefix      prefix length of the network's subnet
 * @param mac         colon-separated lower-case MAC
 * @param dockerPeer  for a Docker driver endpoint: the name of the veth end that Weft leaves in the host namespace for
 *                    Docker to move into the container ({@code Join}'s {@code SrcName}); null when Weft puts the
 *                    interface into the container itself
 */
public record Attachment(String containerId, int pid, String ip, int prefix, String mac, String dockerPeer) {

  /** An interface that Weft puts into the namespace of {@code pid} itself (labels and service rules). */
  public Attachment(String containerId, int pid, String ip, int prefix, String mac) {
    this(containerId, pid, ip, prefix, mac, null);
  }

  /** An interface that Docker moves into the container (Weft's Docker driver, issue 14). */
  public static Attachment forDocker(String endpointId, String ip, int prefix, String mac) {
    return new Attachment(endpointId, 0, ip, prefix, mac, Names.dockerPeer(endpointId));
  }

  public boolean byDocker() {
    return dockerPeer != null;
  }
}
