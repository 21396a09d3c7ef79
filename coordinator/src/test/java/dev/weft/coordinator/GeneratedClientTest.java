package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.client.ApiClient;
import dev.weft.coordinator.client.ApiException;
import dev.weft.coordinator.client.api.DefaultApi;
import dev.weft.coordinator.client.model.Host;
import dev.weft.coordinator.client.model.Network;
import dev.weft.coordinator.client.model.NetworkRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client generated from the served OpenAPI document (openapi-generator, Java, library {@code native}; see the
 * coordinator's pom) speaks to a real coordinator (issue 13): it creates a network and lists hosts, and the answers
 * fit the document's schemas. A document that lied about a path, a body or a field would fail here.
 */
class GeneratedClientTest {
  @TempDir
  Path dataDir;

  @Test
  void aGeneratedClientCreatesANetworkAndListsHosts() throws ApiException {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      DefaultApi api = new DefaultApi(client(weft, weft.coordinator().adminToken()));

      Network blue = api.createNetwork(new NetworkRequest().name("blue").subnet("10.31.0.0/24"));
      assertThat(blue.getName()).isEqualTo("blue");
      assertThat(blue.getSubnet()).isEqualTo("10.31.0.0/24");
      assertThat(blue.getVni()).isBetween(256, 4095);
      assertThat(api.listNetworks()).extracting(Network::getName).containsExactly("blue");

      FakeAgent agent = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), weft.coordinator().joinToken());
      agent.register(List.of());
      agent.next(ToAgent.Welcome.class);
      List<Host> hosts = api.listHosts();
      assertThat(hosts).extracting(Host::getId).containsExactly("host-a");
      assertThat(hosts.get(0).getStatus()).isEqualTo(Host.StatusEnum.UP);
      assertThat(hosts.get(0).getUnderlayAddress()).isEqualTo("192.0.2.1");
      agent.close();

      assertThatThrownBy(() -> api.createNetwork(new NetworkRequest().name("blue")))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
  }

  private static ApiClient client(TestCoordinator weft, String token) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + weft.port());
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return client;
  }
}
