package dev.weft.coordinator.servicerule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.ServiceRule;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.service.NetworkService;
import dev.weft.coordinator.store.BlockStore;
import dev.weft.coordinator.store.EndpointStore;
import dev.weft.coordinator.store.NetworkStore;
import dev.weft.coordinator.store.StoreMember;
import dev.weft.coordinator.store.memory.InMemoryHostStore;
import dev.weft.coordinator.store.memory.InMemoryServiceRuleStore;
import dev.weft.coordinator.swarm.ServiceView;
import dev.weft.coordinator.swarm.SwarmManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach, detach, list and the reconcile with the catalog, over the in-memory rule and host stores. Networks and
 * endpoints are still Hazelcast classes here; they become in-memory stores with the network and endpoint packages
 * (issue 13).
 */
class ServiceRulesTest {
  @TempDir
  Path dataDir;
  private StoreMember member;
  private NetworkStore catalog;
  private NetworkService networks;
  private final InMemoryServiceRuleStore rules = new InMemoryServiceRuleStore();
  private ServiceRules services;

  @BeforeEach
  void start() {
    member = StoreMember.start(dataDir);
    EndpointStore endpoints = new EndpointStore(member.map(StoreMember.ENDPOINTS));
    catalog = new NetworkStore(member.map(StoreMember.NETWORKS));
    networks = new NetworkService(catalog, endpoints,
        new BlockStore(member.map(StoreMember.BLOCKS)), NetworkDefaults.DEFAULTS, new Counters(), Clock.systemUTC());
    services = new ServiceRules(networks, rules, endpoints, new InMemoryHostStore(), SwarmManager.NONE);
    networks.create(new NetworkRequest("blue", null, null, null, false, Map.of(), null));
  }

  @AfterEach
  void stop() {
    member.close();
  }

  @Test
  void aRuleIsAttachedOnceListedAndDetachedOnce() {
    assertThat(services.attach("blue", "web")).isTrue();
    assertThat(services.attach("blue", "web")).isFalse();
    assertThat(services.all()).containsExactly(new ServiceRule("blue", "web"));
    assertThat(services.list("blue")).extracting(ServiceView::service).containsExactly("web");
    assertThat(services.list("blue").get(0).note()).contains("no --swarm-manager");
    services.detach("blue", "web");
    assertThatThrownBy(() -> services.detach("blue", "web")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> services.attach("nowhere", "web")).isInstanceOf(NotFoundException.class);
    assertThat(services.list("blue")).isEmpty();
  }

  @Test
  void aNetworkGoneFromTheCatalogTakesItsRulesWithIt() {
    services.attach("blue", "web");
    rules.add(new ServiceRule("gone", "api"));
    services.catalogChanged(catalog.catalog());
    assertThat(rules.all()).containsExactly(new ServiceRule("blue", "web"));
    services.catalogChanged(null);
    assertThat(rules.all()).isEmpty();
  }
}
