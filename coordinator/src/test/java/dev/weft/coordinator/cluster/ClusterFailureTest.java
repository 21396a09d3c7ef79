package dev.weft.coordinator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.coordinator.cluster.ClusterLab.Member;
import dev.weft.coordinator.cluster.ClusterLab.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real members on a real PostgreSQL: a restart of every member, and a member cut off from the others. */
class ClusterFailureTest {
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void aRestartOfEveryMemberAtOnceKeepsEveryNetworkAndTheTokens() {
    String pg = ClusterLab.requirePostgres();
    try (ClusterLab lab = new ClusterLab(pg, dir, 3)) {
      lab.startAll(START);
      String admin = lab.member(0).adminToken();
      for (Member m : lab.members) {
        assertEquals(admin, m.adminToken(), "every member writes the cluster's admin token");
        assertEquals(lab.member(0).joinToken(), m.joinToken(), "every member writes the cluster's join token");
      }
      Map<String, String> created = new TreeMap<>();
      for (int i = 0; i < 9; i++) {
        Reply r = lab.call(lab.member(i % 3), "POST", "/v1/networks", "{\"name\":\"r" + i + "\"}", admin);
        assertEquals(201, r.status(), r.body());
        created.put("r" + i, r.json().get("subnet").asText() + " " + r.json().get("vni").asInt());
      }
      lab.members.forEach(Member::kill);
      lab.startAll(START);
      for (Member m : lab.members) {
        assertEquals(admin, m.adminToken());
        assertEquals(created, networks(lab, m, admin), "member " + m.index + " after a full restart");
      }
      Reply more = lab.call(lab.member(1), "POST", "/v1/networks", "{\"name\":\"after\"}", admin);
      assertEquals(201, more.status(), more.body());
      assertTrue(!created.containsValue(more.json().get("subnet").asText() + " " + more.json().get("vni").asInt()));
    }
  }

  @Test
  void aMemberCutOffFromTheOthersRefusesToAllocateAndNothingConflictsAfterHealing() {
    String pg = ClusterLab.requirePostgres();
    ClusterLab.requireIptables();
    try (ClusterLab lab = new ClusterLab(pg, dir, 3)) {
      lab.startAll(START);
      String admin = lab.member(0).adminToken();
      assertEquals(201, lab.call(lab.member(2), "POST", "/v1/networks", "{\"name\":\"before\"}", admin).status());

      lab.partition(Set.of(2));
      Reply refused = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      int attempt = 0;
      List<String> minorityAcked = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String name = "minority" + attempt++;
        Reply r = lab.call(lab.member(2), "POST", "/v1/networks", "{\"name\":\"" + name + "\"}", admin);
        if (r.status() == 201) {
          minorityAcked.add(name); // before it noticed the split: the database decided, so it must survive
        }
        if (r.status() == 503 && r.body().contains("no quorum")) {
          refused = r;
          break;
        }
        ClusterLab.sleep(500);
      }
      if (refused == null) {
        fail("the cut-off member never answered 503 no quorum");
      }
      assertTrue(refused.body().contains("no quorum: this member sees 1 of 3 members"), refused.body());
      List<String> majorityAcked = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Reply r = lab.call(lab.member(i % 2), "POST", "/v1/networks", "{\"name\":\"major" + i + "\"}", admin);
        if (r.status() == 201) {
          majorityAcked.add("major" + i);
        }
      }
      assertTrue(majorityAcked.size() >= 4, "the majority keeps allocating: " + majorityAcked);
      Reply metrics = lab.call(lab.member(2), "GET", "/metrics", null, "");
      assertTrue(metrics.body().contains("weft_quorum 0"), metrics.body());

      lab.heal();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Reply after = null;
      while (System.nanoTime() < deadline) {
        after = lab.call(lab.member(2), "POST", "/v1/networks", "{\"name\":\"healed\"}", admin);
        if (after.status() == 201) {
          break;
        }
        ClusterLab.sleep(1000);
      }
      assertEquals(201, after.status(), "the healed member allocates again: " + after.body());
      Map<String, String> truth = storedNetworks(lab);
      assertNoConflict(truth);
      List<String> acked = new ArrayList<>(List.of("before", "healed"));
      acked.addAll(minorityAcked);
      acked.addAll(majorityAcked);
      for (String name : acked) {
        assertTrue(truth.containsKey(name), name + " was acknowledged but is not stored: " + truth.keySet());
      }
      for (Member m : lab.members) {
        eventually(() -> assertEquals(truth, networks(lab, m, admin), "member " + m.index + " after healing"));
      }
    }
  }

  static Map<String, String> networks(ClusterLab lab, Member m, String admin) {
    Reply r = lab.call(m, "GET", "/v1/networks", null, admin);
    assertEquals(200, r.status(), r.body());
    Map<String, String> found = new TreeMap<>();
    JsonNode list = r.json().has("networks") ? r.json().get("networks") : r.json();
    for (JsonNode n : list) {
      found.put(n.get("name").asText(), n.get("subnet").asText() + " " + n.get("vni").asInt());
    }
    return found;
  }

  static Map<String, String> storedNetworks(ClusterLab lab) {
    Map<String, String> found = new TreeMap<>();
    JsonNode catalog = lab.stored("weft-networks").get("catalog");
    if (catalog != null) {
      for (JsonNode n : catalog.get("networks")) {
        found.put(n.get("name").asText(), n.get("subnet").asText() + " " + n.get("vni").asInt());
      }
    }
    return found;
  }

  static void assertNoConflict(Map<String, String> networks) {
    Map<String, String> vnis = new HashMap<>();
    List<Map.Entry<String, dev.weft.common.net.Cidr>> subnets = new ArrayList<>();
    networks.forEach((name, value) -> {
      String[] parts = value.split(" ");
      String other = vnis.put(parts[1], name);
      assertTrue(other == null, "VNI " + parts[1] + " held by " + other + " and " + name);
      dev.weft.common.net.Cidr cidr = dev.weft.common.net.Cidr.parse(parts[0]);
      for (Map.Entry<String, dev.weft.common.net.Cidr> e : subnets) {
        assertTrue(!e.getValue().overlaps(cidr), name + " " + cidr + " overlaps " + e.getKey() + " " + e.getValue());
      }
      subnets.add(Map.entry(name, cidr));
    });
  }

  static void eventually(Runnable check) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        ClusterLab.sleep(500);
      }
    }
  }
}
