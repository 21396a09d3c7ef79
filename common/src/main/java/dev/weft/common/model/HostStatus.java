package dev.weft.common.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a host's agent is currently heard from; {@code JOINED} (issue 12): the host got a certificate by joining
 * and its agent never registered.
 */
public enum HostStatus {
  UP, DOWN, JOINED;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }
}
