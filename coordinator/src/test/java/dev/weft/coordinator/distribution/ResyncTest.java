package dev.weft.coordinator.distribution;

import static dev.weft.coordinator.distribution.TableDistributorTest.BLUE;
import static dev.weft.coordinator.distribution.TableDistributorTest.blocks;
import static dev.weft.coordinator.distribution.TableDistributorTest.host;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostStatus;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.distribution.TableDistributorTest.RecordingLink;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After a split healed (issue 4), the tables are rebuilt from the store and agents get only the difference. */
class ResyncTest {
  @Test
  void changesThatNeverArrivedAsEventsReachTheAgentsAsDeltas() throws Exception {
    TableDistributorTest base = new TableDistributorTest();
    base.start();
    try {
      check(base);
    } finally {
      base.stop();
    }
  }

  private static void check(TableDistributorTest base) throws Exception {
    TableDistributor distributor = base.distributor;
    RecordingLink a = new RecordingLink("a");
    distributor.attach(a, Map.of(), List.of());
    int before = base.received(a).size();
    Endpoint unseen = new Endpoint("blue", "b", "10.1.0.66", "02:00:00:00:00:42", "ctr", null);
    distributor.resync(() -> new TableDistributor.Stored(new NetworkCatalog(List.of(BLUE)),
        List.of(host("a", "192.0.2.1", HostStatus.UP), host("b", "192.0.2.2", HostStatus.UP),
            host("c", "192.0.2.3", HostStatus.UP)),
        Map.of("blue", blocks("a", "10.1.0.0/26", "b", "10.1.0.64/26")), List.of(unseen))).get();
    List<ToAgent> after = base.received(a).subList(before, base.received(a).size());
    assertThat(after).filteredOn(ToAgent.Networks.class::isInstance)
        .anySatisfy(m -> assertThat(((ToAgent.Networks) m).networks()).containsExactly(BLUE));
    assertThat(after).filteredOn(ToAgent.TableDelta.class::isInstance).anySatisfy(m -> {
      ToAgent.TableDelta delta = (ToAgent.TableDelta) m;
      assertThat(delta.network()).isEqualTo("blue");
      assertThat(delta.endpointsAdded()).containsExactly(unseen);
    });
    assertThat(after).noneMatch(m -> m instanceof ToAgent.TableSnapshot);
  }
}
