package dev.weft.agent.dataplane;

/**
 * The network namespace a command runs in.
 *
 * @param kind which sort of namespace
 * @param name the namespace's name under /var/run/netns for {@link Kind#NETNS}, else null
 * @param pid  a process in the container's namespace for {@link Kind#CONTAINER}, else 0
 */
public record Where(Kind kind, String name, int pid) {
  public enum Kind { HOST, NETNS, CONTAINER }

  public static final Where HOST = new Where(Kind.HOST, null, 0);

  public static Where netns(String name) {
    return new Where(Kind.NETNS, name, 0);
  }

  public static Where container(int pid) {
    return new Where(Kind.CONTAINER, null, pid);
  }

  /** The path given to {@code nsenter --net=}, or null for the host (the runner's own namespace). */
  public String nsPath() {
    return switch (kind) {
      case HOST -> null;
      case NETNS -> "/var/run/netns/" + name;
      case CONTAINER -> "/proc/" + pid + "/ns/net";
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case HOST -> "host";
      case NETNS -> "netns " + name;
      case CONTAINER -> "container pid " + pid;
    };
  }
}
