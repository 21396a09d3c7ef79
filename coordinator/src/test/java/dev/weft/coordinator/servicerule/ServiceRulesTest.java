package dev.weft.coordinator.servicerule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.ServiceRule;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.endpoint.StoredContents;
import dev.weft.coordinator.network.NetworkService;
import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryEndpointStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import dev.weft.coordinator.store.memory.InMemoryHostStore;
import dev.weft.coordinator.store.memory.InMemoryServiceRuleStore;
import dev.weft.coordinator.swarm.ServiceView;
import dev.weft.coordinator.swarm.SwarmManager;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attach, detach, list and the reconcile with the catalog, over the in-memory stores. */
class ServiceRulesTest {
  private NetworkStore catalog;
  private NetworkService networks;
  private final InMemoryServiceRuleStore rules = new InMemoryServiceRuleStore();
  private ServiceRules services;

  @BeforeEach
  void start() {
    EndpointStore endpoints = new InMemoryEndpointStore();
    catalog = new InMemoryNetworkStore();
    networks = new NetworkService(catalog, new StoredContents(endpoints, new InMemoryBlockStore()),
        NetworkDefaults.DEFAULTS, new Counters(), Clock.systemUTC());
    services = new ServiceRules(networks, rules, endpoints, new InMemoryHostStore(), SwarmManager.NONE);
    networks.create(new NetworkRequest("blue", null, null, null, false, Map.of(), null));
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
