package dev.weft.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code common} stays pure: no Vert.x, Hazelcast, docker-java, and no I/O beyond Jackson's tree model. */
class ArchitectureTest {
  private static final List<String> FORBIDDEN = List.of("import io.vertx", "import com.hazelcast",
      "import com.github.dockerjava", "import java.net.Socket", "import java.nio.file", "import java.io.File");

  @Test
  void mainSourcesImportNothingForbidden() throws IOException {
    Path main = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      List<String> offending = files.filter(p -> p.toString().endsWith(".java"))
          .flatMap(p -> lines(p).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
              .map(l -> main.relativize(p) + ": " + l))
          .toList();
      assertThat(offending).isEmpty();
    }
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
