package dev.weft.agent.plugin;

import dev.weft.agent.docker.DockerNetworkEngine;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code -o} and {@code --ipam-opt} options Weft's driver takes, and the error for any other. Pure. */
public final class DriverOptions {
  /** {@code -o weft.network=NAME}: the Weft network a Docker network is (Docker does not tell a driver its name). */
  public static final String NETWORK = DockerNetworkEngine.NETWORK_OPTION;
  /** Docker's key for the {@code -o} options inside CreateNetwork's options. */
  static final String GENERIC = "com.docker.network.generic";
  private static final Set<String> KNOWN = Set.of(NETWORK);

  private DriverOptions() {
  }

  /** @throws DriverException naming the first unknown {@code -o} option */
  public static void checkDriver(Map<String, ?> generic) {
    check(generic, "-o");
  }

  /** @throws DriverException naming the first unknown {@code --ipam-opt} option */
  public static void checkIpam(Map<String, ?> options) {
    check(options, "--ipam-opt");
  }

  private static void check(Map<String, ?> options, String flag) {
    if (options == null) {
      return;
    }
    for (String key : new TreeSet<>(options.keySet())) {
      if (!KNOWN.contains(key)) {
        throw new DriverException("weft: " + flag + " " + key + "=" + options.get(key) + ": unknown option "
            + "(expected: " + NETWORK + "=NAME)");
      }
    }
  }
}
