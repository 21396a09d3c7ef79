package dev.weft.coordinator.endpoint;

/** Told of every change of the endpoint store, on the executor it was registered with. */
@FunctionalInterface
public interface EndpointListener {
  /** @param event one change, never null */
  void event(EndpointEvent event);
}
