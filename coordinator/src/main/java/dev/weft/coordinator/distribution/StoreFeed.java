package dev.weft.coordinator.distribution;

import dev.weft.coordinator.storage.Stores;
import java.util.function.Supplier;

/** Feeds a {@link TableDistributor} from the stores: their events as they come, and a whole read on demand. */
public final class StoreFeed {
  private StoreFeed() {
  }

  /**
   * Subscribes {@code distributor} to every change of networks, hosts, blocks and endpoints, on its own executor.
   * Subscribe first, then read: a change made meanwhile on another member is either in what is read or arrives as
   * an event after it.
   *
   * @return a whole read of what the tables are made of, for seeding and after a split healed; blocking
   */
  public static Supplier<TableDistributor.Stored> connect(Stores stores, TableDistributor distributor) {
    stores.networks().addListener(distributor.executor(),
        e -> distributor.catalogChanged(e.key(), e.previous(), e.current()));
    stores.hosts().addListener(distributor.executor(),
        e -> distributor.hostChanged(e.key(), e.previous(), e.current()));
    stores.blocks().addListener(distributor.executor(),
        e -> distributor.blocksChanged(e.key(), e.previous(), e.current()));
    stores.endpoints().addListener(distributor.executor(),
        e -> distributor.endpointChanged(e.key(), e.previous(), e.current()));
    stores.rules().addListener(distributor.executor(),
        e -> distributor.serviceRuleChanged(e.key(), e.previous(), e.current()));
    return () -> new TableDistributor.Stored(stores.networks().catalog(), stores.hosts().list(),
        stores.blocks().all(), stores.endpoints().all());
  }
}
