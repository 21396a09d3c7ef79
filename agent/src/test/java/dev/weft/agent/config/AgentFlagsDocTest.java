package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.flags.FlagDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' agent flag tables list exactly the flags of {@link AgentFlags#TABLE}, with their twins and defaults.
 * Tables are found by the header cell {@code flag}: in README.md under the heading "Agent flags", in
 * agent/README.md the first such table.
 */
class AgentFlagsDocTest {
  @Test
  void theRepositoryReadmeAgentTable() throws Exception {
    List<Map<String, String>> rows = FlagDocs.table(Files.readString(Path.of("../README.md")), "Agent flags");
    assertThat(rows).isNotEmpty();
    assertThat(FlagDocs.mismatches(rows, AgentFlags.TABLE.flags())).isEmpty();
  }

  @Test
  void theAgentReadmeTable() throws Exception {
    List<Map<String, String>> rows = FlagDocs.table(Files.readString(Path.of("README.md")), null);
    assertThat(rows).isNotEmpty();
    assertThat(FlagDocs.mismatches(rows, AgentFlags.TABLE.flags())).isEmpty();
  }
}
