package dev.weft.coordinator.host;

/** Told of every change of the stored hosts, on the executor it was registered with. */
@FunctionalInterface
public interface HostListener {
  /** One change; called on the listener's executor, never on a storage thread. */
  void event(HostEvent event);
}
