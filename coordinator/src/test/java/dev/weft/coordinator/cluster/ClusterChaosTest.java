package dev.weft.coordinator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.cluster.ClusterLab.Member;
import dev.weft.coordinator.cluster.ClusterLab.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded chaos over three real members and a real PostgreSQL: clients create networks over HTTP and agents take
 * blocks and add endpoints over the WebSocket channel, through every member, while members are killed with
 * {@code kill -9}, restarted, and cut off from each other by iptables. Then a checker over the whole history: every
 * acknowledged write is stored unchanged, no VNI twice, no overlapping subnets, no block held twice, no address twice.
 *
 * <p>The seed is printed; {@code WEFT_CHAOS_SEED=N} replays the same choices (thread timing still varies), and
 * {@code WEFT_CHAOS_SECONDS} sets how long the chaos lasts (default 75).
 */
class ClusterChaosTest {
  private static final int AGENTS = 4;

  @TempDir
  Path dir;

  private final Map<String, String> ackedNetworks = new ConcurrentHashMap<>();
  private final List<String> networkNames = new CopyOnWriteArrayList<>();
  /** network/cidr to the host it was granted to. */
  private final Map<String, String> ackedBlocks = new ConcurrentHashMap<>();
  /** network/ip to the endpoint acknowledged there. */
  private final Map<String, Endpoint> ackedEndpoints = new ConcurrentHashMap<>();
  private final AtomicInteger refusedNoQuorum = new AtomicInteger();
  private final AtomicInteger unknown = new AtomicInteger();

  @Test
  void everyAcknowledgedWriteSurvivesAndNothingIsAllocatedTwice() throws Exception {
    String pg = ClusterLab.requirePostgres();
    ClusterLab.requireIptables();
    long seed = Long.parseLong(System.getenv().getOrDefault("WEFT_CHAOS_SEED",
        Long.toString(System.nanoTime() % 1_000_000)));
    int seconds = Integer.parseInt(System.getenv().getOrDefault("WEFT_CHAOS_SECONDS", "75"));
    System.out.println("== chaos seed " + seed + " for " + seconds + " s (replay: WEFT_CHAOS_SEED=" + seed + ")");
    long began = System.nanoTime();
    try (ClusterLab lab = new ClusterLab(pg, dir, 3)) {
      lab.startAll(Duration.ofSeconds(90));
      String admin = lab.member(0).adminToken();
      String join = lab.member(0).joinToken();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int n = i;
        workers.add(thread("networks-" + i, () -> createNetworks(lab, admin, new Random(seed * 31 + n), n, stop)));
      }
      for (int i = 0; i < AGENTS; i++) {
        int n = i;
        workers.add(thread("agent-" + i, () -> runAgent(lab, join, new Random(seed * 131 + n), n, stop)));
      }
      workers.forEach(Thread::start);
      List<String> events = chaos(lab, new Random(seed), Duration.ofSeconds(seconds));
      stop.set(true);
      for (Thread t : workers) {
        t.join(30_000);
      }
      lab.heal();
      lab.members.forEach(Member::start);
      lab.members.forEach(m -> m.awaitHealthy(Duration.ofSeconds(90)));
      String context = "seed " + seed + ", events " + events;
      System.out.println("== chaos: " + ackedNetworks.size() + " networks, " + ackedBlocks.size() + " blocks, "
          + ackedEndpoints.size() + " endpoints acknowledged; " + refusedNoQuorum.get() + " refused without quorum; "
          + unknown.get() + " unknown outcomes; events " + events);
      System.out.println("== chaos: member logs show " + lab.logLines("StaleEntryException:")
          + " writes refused by the revision check, " + lab.logLines("reloaded shared state")
          + " reloads from the database, " + lab.logLines("merged back into the cluster") + " merges after a split");
      check(lab, admin, context);
    } finally {
      System.out.println("== chaos seed " + seed + " took " + (System.nanoTime() - began) / 1_000_000_000 + " s");
    }
  }

  private static Thread thread(String name, Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    return t;
  }

  /** Kills, restarts and cuts off members; answers what it did. */
  private List<String> chaos(ClusterLab lab, Random random, Duration length) {
    List<String> events = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long healAt = 0;
    while (System.nanoTime() < end) {
      ClusterLab.sleep(3000 + random.nextInt(4000));
      long at = (System.nanoTime() - start) / 1_000_000_000;
      if (healAt != 0 && System.nanoTime() > healAt) {
        lab.heal();
        healAt = 0;
        events.add(at + "s heal");
        continue;
      }
      List<Member> alive = lab.members.stream().filter(Member::alive).toList();
      List<Member> dead = lab.members.stream().filter(m -> !m.alive()).toList();
      int action = random.nextInt(100);
      if (action < 35 && alive.size() >= 2) {
        Member victim = alive.get(random.nextInt(alive.size()));
        victim.kill();
        events.add(at + "s kill -9 m" + victim.index);
      } else if (action < 70 && !dead.isEmpty()) {
        Member back = dead.get(random.nextInt(dead.size()));
        back.start();
        events.add(at + "s start m" + back.index);
      } else if (action < 95 && healAt == 0) {
        int cut = random.nextInt(lab.members.size());
        lab.partition(Set.of(cut));
        healAt = System.nanoTime() + (6000 + random.nextInt(8000)) * 1_000_000L;
        events.add(at + "s cut off m" + cut);
      } else {
        lab.heal();
        healAt = 0;
        events.add(at + "s heal");
      }
    }
    return events;
  }

  private void createNetworks(ClusterLab lab, String admin, Random random, int worker, AtomicBoolean stop) {
    int seq = 0;
    while (!stop.get()) {
      String name = "c" + worker + "-" + seq++;
      StringBuilder body = new StringBuilder("{\"name\":\"" + name + "\"");
      int kind = random.nextInt(100);
      if (kind < 20) {
        body.append(",\"vni\":").append(300 + random.nextInt(40));
      } else if (kind < 35) {
        body.append(",\"subnet\":\"10.200.").append(random.nextInt(20)).append(".0/24\"");
      }
      body.append('}');
      Member m = lab.member(random.nextInt(lab.members.size()));
      Reply r = lab.call(m, "POST", "/v1/networks", body.toString(), admin);
      if (r.status() == 201) {
        ackedNetworks.put(name, r.json().get("subnet").asText() + " " + r.json().get("vni").asInt());
        networkNames.add(name);
      } else {
        classify(r);
      }
      ClusterLab.sleep(50 + random.nextInt(150));
    }
  }

  private void classify(Reply r) {
    if (r.status() == 503 && r.body().contains("no quorum")) {
      refusedNoQuorum.incrementAndGet();
    } else if (r.status() != 409) {
      unknown.incrementAndGet();
    }
  }

  private void runAgent(ClusterLab lab, String join, Random random, int n, AtomicBoolean stop) {
    ChaosAgent agent = new ChaosAgent("chaos-" + n, "10.99.0." + (10 + n));
    Map<String, Set<String>> owned = new HashMap<>();
    Map<String, Integer> nextAddress = new HashMap<>();
    try {
      while (!stop.get()) {
        if (!agent.connected()) {
          List<Endpoint> mine = ackedEndpoints.values().stream().filter(e -> e.host().equals(agent.hostId)).toList();
          Member m = lab.member(random.nextInt(lab.members.size()));
          if (!agent.connect(m.httpPort, join, mine)) {
            unknown.incrementAndGet();
            ClusterLab.sleep(300);
            continue;
          }
        }
        if (networkNames.isEmpty()) {
          ClusterLab.sleep(200);
          continue;
        }
        String network = networkNames.get(random.nextInt(networkNames.size()));
        Set<String> blocks = owned.computeIfAbsent(network, k -> new HashSet<>());
        if (blocks.isEmpty() || random.nextInt(100) < 35) {
          ToAgent.BlockGrant grant = agent.block(network, List.copyOf(blocks), new ArrayList<>());
          if (grant != null) {
            ackedBlocks.put(network + "/" + grant.block(), agent.hostId);
            blocks.add(grant.block());
          } else {
            unknown.incrementAndGet();
          }
        } else {
          String block = blocks.iterator().next();
          Cidr cidr = Cidr.parse(block);
          int index = nextAddress.merge(network + "/" + block, 1, Integer::sum);
          if (index >= cidr.size() - 1) {
            continue;
          }
          String ip = cidr.address(index).toString();
          Endpoint endpoint = new Endpoint(network, agent.hostId, ip,
              String.format("02:%02x:00:00:%02x:%02x", n, (index >> 8) & 0xff, index & 0xff), "ctr-" + ip, null);
          if (agent.addEndpoint(endpoint)) {
            ackedEndpoints.put(network + "/" + ip, endpoint);
          } else {
            unknown.incrementAndGet();
          }
        }
        ClusterLab.sleep(20 + random.nextInt(80));
      }
    } finally {
      agent.close();
    }
  }

  private void check(ClusterLab lab, String admin, String context) {
    Map<String, String> networks = ClusterFailureTest.storedNetworks(lab);
    ClusterFailureTest.assertNoConflict(networks);
    ackedNetworks.forEach((name, value) ->
        assertEquals(value, networks.get(name), "acknowledged network " + name + " lost or changed; " + context));

    Map<String, List<Cidr>> blocksByNetwork = new HashMap<>();
    Map<String, String> storedBlocks = new HashMap<>();
    lab.stored("weft-blocks").forEach((network, set) -> {
      List<Cidr> seen = new ArrayList<>();
      for (JsonNode block : set.get("blocks")) {
        Cidr cidr = Cidr.parse(block.get("cidr").asText());
        for (Cidr other : seen) {
          assertTrue(!other.overlaps(cidr), "blocks " + other + " and " + cidr + " of " + network + " overlap; "
              + context);
        }
        String subnet = networks.containsKey(network) ? networks.get(network).split(" ")[0] : null;
        assertTrue(subnet != null && Cidr.parse(subnet).contains(cidr), cidr + " outside " + network + "; " + context);
        seen.add(cidr);
        storedBlocks.put(network + "/" + cidr, block.get("owner").asText());
      }
      blocksByNetwork.put(network, seen);
    });
    ackedBlocks.forEach((key, host) ->
        assertEquals(host, storedBlocks.get(key), "acknowledged block " + key + " lost or moved; " + context));

    Map<String, JsonNode> endpoints = lab.stored("weft-endpoints");
    ackedEndpoints.forEach((key, endpoint) -> {
      JsonNode stored = endpoints.get(key);
      assertTrue(stored != null, "acknowledged endpoint " + key + " lost; " + context);
      assertEquals(endpoint.host(), stored.get("host").asText(), key + "; " + context);
      assertEquals(endpoint.mac(), stored.get("mac").asText(), key + "; " + context);
    });
    endpoints.forEach((key, stored) -> {
      String network = stored.get("network").asText();
      Ipv4 ip = Ipv4.parse(stored.get("ip").asText());
      String host = stored.get("host").asText();
      boolean inOwnBlock = storedBlocks.entrySet().stream().anyMatch(b -> b.getValue().equals(host)
          && b.getKey().startsWith(network + "/") && Cidr.parse(b.getKey().substring(network.length() + 1))
          .contains(ip));
      assertTrue(inOwnBlock, "endpoint " + key + " of " + host + " is in no block of its host; " + context);
    });
    for (Member m : lab.members) {
      ClusterFailureTest.eventually(() -> assertEquals(networks, ClusterFailureTest.networks(lab, m, admin),
          "member " + m.index + " serves the stored networks; " + context));
    }
    assertTrue(!ackedNetworks.isEmpty() && !ackedBlocks.isEmpty() && !ackedEndpoints.isEmpty(),
        "the workload made progress; " + context);
  }
}
