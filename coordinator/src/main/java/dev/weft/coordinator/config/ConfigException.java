package dev.weft.coordinator.config;

/** A flag or environment variable has a value the coordinator cannot run with. Main exits with code 2. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
