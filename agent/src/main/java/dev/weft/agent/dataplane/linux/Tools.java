package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.Where;
import java.util.ArrayList;
import java.util.List;

/** Argument lists shared by the tool classes. */
public final class Tools {
  private Tools() {
  }

  /** {@code program args…}, behind {@code nsenter --net=PATH} unless {@code where} is the host. */
  public static List<String> argv(Where where, String program, String... args) {
    List<String> argv = new ArrayList<>();
    String path = where.nsPath();
    if (path != null) {
      argv.add("nsenter");
      argv.add("--net=" + path);
    }
    argv.add(program);
    argv.addAll(List.of(args));
    return argv;
  }
}
