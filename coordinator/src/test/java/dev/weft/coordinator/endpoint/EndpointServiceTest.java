package dev.weft.coordinator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.error.ValidationException;
import dev.weft.common.model.Endpoint;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.network.NetworkStoreContract;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryEndpointStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EndpointService} over the in-memory stores: no Hazelcast member. */
class EndpointServiceTest {
  final NetworkStore networks = new InMemoryNetworkStore();
  final BlockStore blocks = new InMemoryBlockStore();
  final EndpointStore endpoints = new InMemoryEndpointStore();
  final EndpointService service = new EndpointService(networks, blocks, endpoints);

  @BeforeEach
  void blueWithABlockPerHost() {
    var blue = NetworkStoreContract.create(networks, "blue", "10.1.0.0/24", null);
    blocks.grant(blue, "h1", List.of(), NetworkStoreContract.NOW);
    blocks.grant(blue, "h2", List.of(), NetworkStoreContract.NOW);
  }

  static Endpoint endpoint(String host, String ip, String mac, String container) {
    return new Endpoint("blue", host, ip, mac, container, null);
  }

  @Test
  void anEndpointInsideTheHostsBlockIsStoredUnderTheReportingHost() {
    Endpoint stored = service.add("h1", endpoint("someone-else", "10.1.0.2", "02:57:0A:01:00:02", "c1"));
    assertThat(stored).isEqualTo(new Endpoint("blue", "h1", "10.1.0.2", "02:57:0a:01:00:02", "c1", null));
    assertThat(endpoints.ofNetwork("blue")).containsExactly(stored);
  }

  @Test
  void malformedOrMisplacedEndpointsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> service.add("h1", null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.add("h1", new Endpoint("red", "h1", "10.1.0.2", "02:00:00:00:00:01", "c", null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.x", "02:00:00:00:00:01", "c")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("endpoint.ip");
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.2", "nope", "c")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("endpoint.mac");
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.2", "02:00:00:00:00:01", " ")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("endpoint.container");
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.66", "02:00:00:00:00:01", "c")))
        .as("h2's block").isInstanceOf(ValidationException.class).hasMessageContaining("[10.1.0.0/26]");
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.0", "02:00:00:00:00:01", "c")))
        .as("the subnet's network address").isInstanceOf(ValidationException.class);
    assertThat(endpoints.all()).isEmpty();
  }

  @Test
  void anAddressIsRemovedOnlyByItsHolder() {
    service.add("h1", endpoint("h1", "10.1.0.2", "02:00:00:00:00:01", "c"));
    assertThatThrownBy(() -> service.remove("h2", "blue", "10.1.0.2")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("host \"h1\" has it");
    service.remove("h2", "blue", "10.1.0.3");
    service.remove("h1", "blue", "10.1.0.2");
    assertThat(endpoints.all()).isEmpty();
    assertThatThrownBy(() -> service.remove("h1", "blue", "nope")).isInstanceOf(ValidationException.class);
  }

  @Test
  void anAddressAnotherHostHoldsIsAConflict() {
    endpoints.put(new Endpoint("blue", "h2", "10.1.0.2", "02:00:00:00:00:02", "c2", null));
    assertThatThrownBy(() -> service.add("h1", endpoint("h1", "10.1.0.2", "02:00:00:00:00:01", "c")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("host \"h2\" has it");
  }
}
