package dev.weft.agent.reconcile;

import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.state.StateFiles;
import dev.weft.common.model.Network;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToAgent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator last said about the cluster: the network catalog, the Swarm service rules (issue 5) and the
 * key table (issue 6), read from {@link StateFiles} at start and written there on each change, so that a restarted
 * agent keeps forwarding before, or without, the coordinator. Reconciler thread only.
 */
final class CoordinatorState {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final StateFiles files;
  private final LocalIpam ipam;
  private Map<String, Network> catalog;
  private Map<String, Set<String>> serviceRules;
  private ToAgent.Keys keys;

  CoordinatorState(StateFiles files, LocalIpam ipam) {
    this.files = files;
    this.ipam = ipam;
    this.catalog = files.catalog().map(CoordinatorState::byName).orElse(null);
    this.serviceRules = files.serviceRules();
    this.keys = files.keys();
  }

  /** Networks by name; null before the first catalog (none saved, none received). */
  Map<String, Network> catalog() {
    return catalog;
  }

  /** Service name → networks its tasks join. */
  Map<String, Set<String>> serviceRules() {
    return serviceRules;
  }

  /** The key table, or null before the first. */
  ToAgent.Keys keys() {
    return keys;
  }

  /**
   * Takes a new catalog; the addresses of networks deleted, or deleted and created again under the same name, are
   * forgotten.
   */
  void catalog(List<Network> networks) {
    Map<String, Network> next = byName(networks);
    if (next.equals(catalog)) {
      return;
    }
    if (catalog != null) {
      forgetChanged(catalog, next);
    }
    catalog = next;
    files.saveCatalog(List.copyOf(next.values()));
  }

  void serviceRules(Map<String, Set<String>> rules) {
    Map<String, Set<String>> next = Map.copyOf(rules);
    if (!next.equals(serviceRules)) {
      serviceRules = next;
      files.saveServiceRules(next);
    }
  }

  void keys(ToAgent.Keys table) {
    if (!table.equals(keys)) {
      LOG.info("key table: tunnel address {}, peers {}", table.tunnelAddress(),
          table.peers().stream().map(p -> p.host() + "@" + p.endpoint() + "#" + p.pskEpoch()).toList());
      keys = table;
      files.saveKeys(table);
    }
  }

  private void forgetChanged(Map<String, Network> before, Map<String, Network> after) {
    for (Network old : before.values()) {
      Network now = after.get(old.name());
      if (now == null) {
        LOG.info("network {} was deleted; leaving it", old.name());
        ipam.forget(old.name());
      } else if (!now.subnet().equals(old.subnet()) || now.vni() != old.vni()) {
        // deleted and created again under the same name: old blocks and addresses mean nothing now
        LOG.info("network {} was re-created ({} vni {} -> {} vni {}); re-addressing its containers",
            old.name(), old.subnet(), old.vni(), now.subnet(), now.vni());
        ipam.forget(old.name());
      }
    }
  }

  /** Service name → the networks its tasks join, from the coordinator's rules. */
  static Map<String, Set<String>> byService(List<ServiceRule> rules) {
    Map<String, Set<String>> byService = new TreeMap<>();
    for (ServiceRule r : rules) {
      byService.computeIfAbsent(r.service(), s -> new TreeSet<>()).add(r.network());
    }
    return byService;
  }

  private static Map<String, Network> byName(List<Network> networks) {
    Map<String, Network> map = new LinkedHashMap<>();
    networks.forEach(n -> map.put(n.name(), n));
    return map;
  }
}
