package dev.weft.common.model;

/** Another host taking part in a network: where to send its VXLAN traffic. */
public record Peer(String host, String underlayAddress) {
}
