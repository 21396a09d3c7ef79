package dev.weft.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
  @Test
  void batchesGroupConsecutiveOpsOfOneNamespaceAndTool() {
    Where n = Where.netns("weft-h1-1");
    Plan plan = new Plan(List.of(
        Op.ip(Where.HOST, "netns add weft-h1-1"),
        Op.ip(Where.HOST, "link add wvx1"),
        Op.ip(n, "link add br1 type bridge"),
        Op.ip(n, "link set br1 up"),
        Op.bridge(n, "fdb replace a"),
        Op.bridge(n, "fdb replace b"),
        Op.ip(n, "neigh del x"),
        Op.ip(Where.container(9), "link set wf1 up")));
    assertThat(plan.batches()).containsExactly(
        new Plan.Batch(Where.HOST, Op.Tool.IP, List.of("netns add weft-h1-1", "link add wvx1"), false),
        new Plan.Batch(n, Op.Tool.IP, List.of("link add br1 type bridge", "link set br1 up"), false),
        new Plan.Batch(n, Op.Tool.BRIDGE, List.of("fdb replace a", "fdb replace b"), false),
        new Plan.Batch(n, Op.Tool.IP, List.of("neigh del x"), false),
        new Plan.Batch(Where.container(9), Op.Tool.IP, List.of("link set wf1 up"), false));
    assertThat(new Plan(List.of()).batches()).isEmpty();
    assertThat(new Plan(List.of()).isEmpty()).isTrue();
  }

  @Test
  void aGuardedOpStartsItsOwnBatch() {
    Where n = Where.netns("weft-h1-1");
    Plan plan = new Plan(List.of(
        Op.ip(n, "link add ve1"),
        Op.ip(Where.container(9), "link set wf1 up"),
        Op.ipIfPreviousSucceeded(n, "link set ve1 alias a"),
        Op.ipIfPreviousSucceeded(n, "link set ve2 alias b"),
        Op.ip(n, "link set ve3 up")));
    assertThat(plan.batches()).extracting(Plan.Batch::guarded).containsExactly(false, false, true, false);
    assertThat(plan.batches().get(2).lines()).containsExactly("link set ve1 alias a", "link set ve2 alias b");
  }
}
