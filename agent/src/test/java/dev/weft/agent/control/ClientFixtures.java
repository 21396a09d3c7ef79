package dev.weft.agent.control;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import java.time.Duration;
import java.util.List;

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
    return new LocalView() {
      @Override
      public HostReport hostReport() {
        return REPORT;
      }

      @Override
      public List<Endpoint> endpoints() {
        return List.of();
      }
    };
  }
}
