package dev.weft.agent.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.state.StateStore;
import dev.weft.common.model.Endpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIpamTest {
  private static final String SUBNET = "100.64.0.0/24";

  @TempDir
  Path dir;

  @Test
  void noBlockMeansAskForOne() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    assertThat(ipam.assign("red", SUBNET, "c1", null)).isEmpty();
    assertThat(ipam.fullBlocks("red", SUBNET)).isEmpty();
  }

  @Test
  void assignsLowestFreeAddressSkippingNetworkAddressWithDerivedMac() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.0.0/26"));
    Endpoint e = ipam.assign("red", SUBNET, "c1", null).orElseThrow();
    assertThat(e).isEqualTo(new Endpoint("red", "h1", "100.64.0.1", "02:57:64:40:00:01", "c1", null));
    assertThat(ipam.assign("red", SUBNET, "c1", null)).contains(e);
    assertThat(ipam.assign("red", SUBNET, "c2", "web").orElseThrow().ip()).isEqualTo("100.64.0.2");
  }

  @Test
  void restartKeepsTheSameAddresses() {
    LocalIpam first = new LocalIpam(new StateStore(dir), "h1");
    first.grant("red", List.of("100.64.0.64/26"));
    first.assign("red", SUBNET, "c1", null);
    first.assign("red", SUBNET, "c2", null);
    first.release("red", "c1");

    LocalIpam second = new LocalIpam(new StateStore(dir), "h1");
    assertThat(second.blocks("red")).containsExactly("100.64.0.64/26");
    assertThat(second.endpoint("red", "c2").orElseThrow().ip()).isEqualTo("100.64.0.65");
    assertThat(second.endpoint("red", "c1")).isEmpty();
    assertThat(second.assign("red", SUBNET, "c2", null).orElseThrow().ip()).isEqualTo("100.64.0.65");
    assertThat(second.assign("red", SUBNET, "c3", null).orElseThrow().ip()).isEqualTo("100.64.0.64");
  }

  @Test
  void anotherHostsStateIsNotTaken() {
    LocalIpam first = new LocalIpam(new StateStore(dir), "h1");
    first.grant("red", List.of("100.64.0.64/26"));
    assertThat(new LocalIpam(new StateStore(dir), "h2").blocks("red")).isEmpty();
  }

  @Test
  void fullBlockIsListedAndANewBlockIsUsed() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.0.0/30")); // .0 is the subnet's network address: 3 usable
    for (int i = 1; i <= 3; i++) {
      assertThat(ipam.assign("red", SUBNET, "c" + i, null)).isPresent();
    }
    assertThat(ipam.assign("red", SUBNET, "c4", null)).isEmpty();
    assertThat(ipam.fullBlocks("red", SUBNET)).containsExactly("100.64.0.0/30");

    ipam.grant("red", List.of("100.64.0.0/30", "100.64.0.4/30"));
    assertThat(ipam.assign("red", SUBNET, "c4", null).orElseThrow().ip()).isEqualTo("100.64.0.4");
    assertThat(ipam.fullBlocks("red", SUBNET)).containsExactly("100.64.0.0/30");
  }

  @Test
  void grantIsAuthoritativeAndForgetDropsNetwork() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.0.0/26"));
    ipam.assign("red", SUBNET, "c1", null);
    assertThat(ipam.grant("red", List.of("100.64.0.0/26", "100.64.0.64/26"))).isEmpty();
    assertThat(ipam.grant("red", List.of("100.64.0.64/26"))).extracting(Endpoint::ip).containsExactly("100.64.0.1");
    assertThat(ipam.blocks("red")).containsExactly("100.64.0.64/26");
    assertThat(ipam.endpoint("red", "c1")).isEmpty();
    assertThat(ipam.assign("red", SUBNET, "c1", null).orElseThrow().ip()).isEqualTo("100.64.0.64");
    assertThat(ipam.forget("red")).extracting(Endpoint::container).containsExactly("c1");
    assertThat(ipam.networks()).isEmpty();
    assertThat(new LocalIpam(new StateStore(dir), "h1").networks()).isEmpty();
  }

  @Test
  void blockOutsideTheSubnetIsNeverUsed() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.9.0/26"));
    assertThat(ipam.assign("red", SUBNET, "c1", null)).isEmpty();
    assertThat(ipam.fullBlocks("red", SUBNET)).containsExactly("100.64.9.0/26");
  }

  @Test
  void unusedBlocksAreDroppedOnReconnect() {
    LocalIpam ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.0.0/26", "100.64.0.64/26"));
    ipam.grant("blue", List.of("100.64.1.0/26"));
    ipam.assign("red", SUBNET, "c1", null);
    ipam.dropUnusedBlocks("red");
    ipam.dropUnusedBlocks("blue");
    assertThat(ipam.blocks("red")).containsExactly("100.64.0.0/26");
    assertThat(ipam.blocks("blue")).isEmpty();
    assertThat(ipam.networks()).containsExactly("red");
  }
}
