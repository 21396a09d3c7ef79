package dev.weft.common.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a host's agent is currently heard from. */
public enum HostStatus {
  UP, DOWN;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }
}
