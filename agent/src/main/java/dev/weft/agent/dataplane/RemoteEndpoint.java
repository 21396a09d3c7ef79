package dev.weft.agent.dataplane;

/**
 * An endpoint on another host.
 *
 * @param ip      IPv4 address without prefix
 * @param mac     colon-separated lower-case MAC
 * @param underlay underlay IPv4 address of the host it lives on (the VXLAN destination)
 */
public record RemoteEndpoint(String ip, String mac, String underlay) {
}
