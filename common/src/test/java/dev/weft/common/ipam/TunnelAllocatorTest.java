package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelAllocatorTest {
  @Test
  void lowestFreeHostAddressNeverNetworkOrBroadcast() {
    Cidr pool = Cidr.parse("198.18.0.0/30");
    assertThat(TunnelAllocator.next(pool, List.of())).map(Object::toString).contains("198.18.0.1");
    assertThat(TunnelAllocator.next(pool, List.of("198.18.0.1"))).map(Object::toString).contains("198.18.0.2");
    assertThat(TunnelAllocator.next(pool, List.of("198.18.0.2"))).map(Object::toString).contains("198.18.0.1");
    assertThat(TunnelAllocator.next(pool, List.of("198.18.0.1", "198.18.0.2"))).isEmpty();
  }

  @Test
  void tooSmallAPoolIsRefused() {
    assertThatThrownBy(() -> TunnelAllocator.next(Cidr.parse("198.18.0.0/31"), List.of()))
        .hasMessageContaining("/30");
  }
}
