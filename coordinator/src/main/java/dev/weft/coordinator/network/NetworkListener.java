package dev.weft.coordinator.network;

/** Told of every change of the network store, on the executor it was registered with. */
@FunctionalInterface
public interface NetworkListener {
  /** @param event one change, never null */
  void event(NetworkEvent event);
}
