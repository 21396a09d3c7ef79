package dev.weft.agent.ipam;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.agent.state.StateStore;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LocalIpam}'s file in the state directory, {@code ipam.json}: blocks, endpoints and held addresses. */
final class IpamFile {
  private static final Logger LOG = LoggerFactory.getLogger(LocalIpam.class);
  static final String NAME = "ipam.json";

  /** What the file holds; {@code held} is absent in files of agents before issue 14. */
  record Saved(String hostId, Map<String, List<String>> blocks, List<Endpoint> endpoints,
               Map<String, List<String>> held) {
  }

  private IpamFile() {
  }

  /** Fills the maps from the file; leaves them empty when there is none, or it belongs to another host. */
  static void load(StateStore store, String hostId, Map<String, List<Cidr>> blocks,
                   Map<String, Map<String, Endpoint>> endpoints, Map<String, Set<Ipv4>> held) {
    Optional<Saved> saved = store.read(NAME, new TypeReference<>() { });
    if (saved.isPresent() && !hostId.equals(saved.get().hostId())) {
      LOG.warn("{} in {} belongs to host '{}', not '{}'; starting with no blocks or endpoints", NAME, store.dir(),
          saved.get().hostId(), hostId);
      return;
    }
    saved.ifPresent(s -> {
      s.blocks().forEach((net, list) -> blocks.put(net, new ArrayList<>(list.stream().map(Cidr::parse).toList())));
      for (Endpoint e : s.endpoints()) {
        endpoints.computeIfAbsent(e.network(), n -> new LinkedHashMap<>()).put(e.container(), e);
      }
      if (s.held() != null) {
        s.held().forEach((net, ips) -> held.put(net, new TreeSet<>(ips.stream().map(Ipv4::parse).toList())));
      }
    });
  }

  static void write(StateStore store, String hostId, Map<String, List<Cidr>> blocks, List<Endpoint> endpoints,
                    Map<String, Set<Ipv4>> held) {
    Map<String, List<String>> b = new TreeMap<>();
    blocks.forEach((n, list) -> b.put(n, list.stream().map(Cidr::toString).toList()));
    Map<String, List<String>> h = new TreeMap<>();
    held.forEach((n, ips) -> h.put(n, ips.stream().map(Ipv4::toString).toList()));
    store.write(NAME, new Saved(hostId, b, endpoints, h));
  }
}
