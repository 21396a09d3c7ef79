package dev.weft.agent.control;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/** What the tests of the control client share: short timings, and host h1 with no endpoints. */
public final class ClientFixtures {
  public static final HostReport REPORT = new HostReport("h1", "host1", "10.77.0.1", List.of(), "20.10.24", null,
      null, "0.1.0", List.of());
  public static final ControlTiming FAST = new ControlTiming(Duration.ofMillis(50),
      Duration.ofMillis(200), Duration.ofSeconds(2));

  private ClientFixtures() {
  }

  /** Host h1 ({@link #REPORT}) with no endpoints. */
  public static LocalView noEndpoints() {
    return noEndpoints(REPORT);
  }

  /** The host of {@code report}, with no endpoints. */
  public static LocalView noEndpoints(HostReport report) {
    return new LocalView() {
      @Override
      public HostReport hostReport() {
        return report;
      }

      @Override
      public List<Endpoint> endpoints() {
        return List.of();
      }
    };
  }

  /**
   * A listener that records "connected", "disconnected", and "catalog" once a catalog names {@code network}: what the
   * certificate renewal and CA rotation tests wait for.
   */
  public static ControlListener recording(BlockingQueue<String> events, String network) {
    return new ControlListener() {
      @Override
      public void onConnected(URI coordinator) {
        events.add("connected");
      }

      @Override
      public void onDisconnected() {
        events.add("disconnected");
      }

      @Override
      public void onCatalog(List<Network> networks) {
        if (networks.stream().anyMatch(n -> n.name().equals(network))) {
          events.add("catalog");
        }
      }

      @Override
      public void onTableChanged(String name) {
      }
    };
  }
}
