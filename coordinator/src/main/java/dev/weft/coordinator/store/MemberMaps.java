package dev.weft.coordinator.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import dev.weft.coordinator.config.ClusterConfig;
import java.util.List;

/**
 * The map configurations of a {@link StoreMember}: every stored map written through to the {@link Database} and
 * loaded from it eagerly at start, backed up on up to two other members, the merging side's entries discarded after a
 * split heals, and with several members protected by the majority rule; {@link StoreMember#HEARD} in memory only.
 */
final class MemberMaps {
  /** The split-brain protection every stored map of several members names. */
  static final String QUORUM = "weft-majority";

  private MemberMaps() {
  }

  /** Adds every map's configuration; each map store made is also added to {@code stores}. */
  static void add(Config config, Database database, ClusterConfig cluster, List<JsonMapStore> stores) {
    boolean several = cluster.expectedSize() > 1;
    for (String map : StoreMember.MAPS) {
      JsonMapStore store = new JsonMapStore(database, map);
      stores.add(store);
      MapConfig mapConfig = new MapConfig(map);
      mapConfig.setBackupCount(Math.min(2, Math.max(1, cluster.expectedSize() - 1)));
      mapConfig.setMapStoreConfig(new MapStoreConfig()
          .setEnabled(true)
          .setImplementation(store)
          .setWriteDelaySeconds(0)
          .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
      mapConfig.getMergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName());
      if (several) {
        mapConfig.setSplitBrainProtectionName(QUORUM);
      }
      config.addMapConfig(mapConfig);
    }
    config.getMapConfig(StoreMember.ENDPOINTS).addIndexConfig(new IndexConfig(IndexType.HASH, "network"));
    config.getMapConfig(StoreMember.ENDPOINTS).addIndexConfig(new IndexConfig(IndexType.HASH, "host"));
    config.addMapConfig(new MapConfig(StoreMember.HEARD).setBackupCount(1));
  }
}
