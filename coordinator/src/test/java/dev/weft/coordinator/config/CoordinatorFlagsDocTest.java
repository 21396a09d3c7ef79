package dev.weft.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.flags.Flag;
import dev.weft.common.flags.FlagDocs;
import dev.weft.coordinator.swarm.SwarmFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README.md's coordinator flag table (the first table whose header starts with {@code flag} under the heading
 * "Coordinator flags") lists exactly the flags of {@link CoordinatorFlags#TABLE} and {@link SwarmFlag#TABLE}, with
 * their defaults; the usage names them all.
 */
class CoordinatorFlagsDocTest {
  @Test
  void theReadmeTableMatchesTheFlagTables() throws Exception {
    List<Flag<?>> flags = new ArrayList<>(CoordinatorFlags.TABLE.flags());
    flags.addAll(SwarmFlag.TABLE.flags());
    List<Map<String, String>> rows = FlagDocs.table(Files.readString(Path.of("../README.md")), "Coordinator flags");
    assertThat(rows).isNotEmpty();
    assertThat(FlagDocs.mismatches(rows, flags)).isEmpty();
  }
}
