package dev.weft.scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * bench/scale.sh's engine (issue 8): starts a coordinator as a child process, N simulated agents in this JVM, and
 * measures fan-out, join, the reconnect storm after a coordinator restart, heap and CPU. The last line printed is
 * {@code fanout agents=N p50_ms=… p99_ms=… max_ms=… heap_mb=…}.
 */
public final class ScaleBench {
  private ScaleBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>(Map.of("agents", "100", "endpoints", "100000", "networks", "20",
        "per-host", "3", "changes", "200", "joins", "5", "idle-seconds", "20", "heartbeat-timeout", "60",
        "coordinator-heap", "4g", "port", "17700"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("argument " + args[i] + " (expected: --name value)");
      }
      opt.put(args[i].substring(2), args[i + 1]);
    }
    int n = Integer.parseInt(opt.get("agents"));
    int endpoints = Integer.parseInt(opt.get("endpoints"));
    int networks = Integer.parseInt(opt.get("networks"));
    int perHost = Integer.parseInt(opt.get("per-host"));
    int changes = Integer.parseInt(opt.get("changes"));
    Path work = Path.of(opt.getOrDefault("work", "/tmp/weft-scale"));
    Path jar = Path.of(opt.getOrDefault("coordinator-jar", "coordinator/target/weft-coordinator.jar"));
    int port = Integer.parseInt(opt.get("port"));
    int memberCount = Integer.parseInt(opt.getOrDefault("members", "1"));
    String store = opt.get("store");
    if (memberCount > 1 && store == null) {
      throw new IllegalArgumentException("--members " + memberCount + " needs --store postgresql://…");
    }
    Files.createDirectories(work);
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + opt.get("coordinator-heap"), "-XX:+UseG1GC",
        "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
    if (opt.containsKey("jfr")) {
      jvm.add("-XX:StartFlightRecording=filename=" + opt.get("jfr") + ",settings=profile");
    }
    List<String> clusterAddresses = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      clusterAddresses.add("127.0.0.1:" + (port + 100 + i));
    }
    // One master key for every member (issue 12): members with another key are refused by the cluster.
    Path masterKey = work.resolve("master.key");
    if (memberCount > 1 && !Files.exists(masterKey)) {
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      Files.createFile(masterKey, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Files.writeString(masterKey, java.util.Base64.getEncoder().encodeToString(key) + "\n");
    }
    List<CoordinatorProcess> members = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      List<String> flags = new ArrayList<>(List.of("--subnet-prefix", "15", "--heartbeat-timeout",
          opt.get("heartbeat-timeout")));
      if (store != null) {
        flags.addAll(List.of("--store", store));
      }
      if (memberCount > 1) {
        flags.addAll(List.of("--cluster-listen", clusterAddresses.get(i), "--cluster-members",
            String.join(",", clusterAddresses), "--master-key-file", masterKey.toString()));
      }
      Path log = work.resolve(memberCount == 1 ? "coordinator.log" : "coordinator-" + i + ".log");
      Files.deleteIfExists(log);
      members.add(new CoordinatorProcess(jar, Files.createTempDirectory(work, "data-"), port + i, jvm, flags, log));
      ports.add(port + i);
    }
    CoordinatorProcess coordinator = members.get(0);

    log("coordinator: %s, %d member(s)%s, heap %s each, heartbeat timeout %s s, logs in %s", jar, memberCount,
        store == null ? "" : " on " + store.replaceAll("//[^@]*@", "//…@"), opt.get("coordinator-heap"),
        opt.get("heartbeat-timeout"), work);
    try (Members cluster = new Members(members)) {
      cluster.startAll();
      String admin = Files.readString(coordinator.dataDir().resolve("admin-token")).trim();
      String join = Files.readString(coordinator.dataDir().resolve("join-token")).trim();
      int loops = Integer.parseInt(opt.getOrDefault("event-loops", "2"));
      try (Simulation sim = new Simulation("127.0.0.1", ports, admin, join, loops)) {
        sim.createNetworks(networks);

        // Setup: connect, blocks, endpoints, all in sync.
        double cpu0 = cluster.cpuSeconds();
        long t0 = System.nanoTime();
        List<SimAgent> agents = sim.addAgents(0, n, perHost);
        Parallel.forAll(agents, 500, Duration.ofMinutes(10), SimAgent::connect);
        log("%d agents registered in %.1f s", n, secondsSince(t0));
        Map<SimAgent, Integer> index = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
          index.put(agents.get(i), i);
        }
        Parallel.forAll(agents, 200, Duration.ofMinutes(20),
            a -> sim.populate(a, index.get(a), n, endpoints));
        long synced = sim.awaitInSync(agents, Duration.ofMinutes(10));
        double setupSeconds = secondsSince(t0);
        double setupCpu = cluster.cpuSeconds() - cpu0;
        log("setup: %d agents, %d endpoints in %d networks, in sync after %.1f s (last %d ms), coordinator CPU %.1f s",
            n, endpoints, networks, setupSeconds, synced, setupCpu);
        if (synced < 0) {
          throw new IllegalStateException("setup did not converge");
        }

        // (d) heap after GC with everything in place; (e) idle CPU with heartbeats only.
        double heap = cluster.heapAfterGcMb();
        double idle0 = cluster.cpuSeconds();
        int idleSeconds = Integer.parseInt(opt.get("idle-seconds"));
        Thread.sleep(idleSeconds * 1000L);
        double idlePct = (cluster.cpuSeconds() - idle0) * 100.0 / idleSeconds;
        log("heap after GC %.0f MiB (%.1f MiB per 1,000 agents); idle CPU %.1f %% of one core", heap,
            heap * 1000 / n, idlePct);

        // (a) fan-out: add then remove an endpoint of a random agent, one change at a time.
        Random random = new Random(8);
        List<Long> fanout = new ArrayList<>();
        int timeouts = 0;
        double fan0 = cluster.cpuSeconds();
        for (int c = 0; c < changes; c += 2) {
          SimAgent origin = agents.get(random.nextInt(agents.size()));
          String network = origin.networks().get(random.nextInt(origin.networks().size()));
          String[] ip = new String[1];
          long add = sim.change(origin, network, null, Duration.ofSeconds(10), ip);
          long remove = ip[0] == null ? -1 : sim.change(origin, network, ip[0], Duration.ofSeconds(10), ip);
          for (long ms : new long[] {add, remove}) {
            if (ms < 0) {
              timeouts++;
            } else {
              fanout.add(ms);
            }
          }
          Thread.sleep(10);
        }
        double fanCpu = cluster.cpuSeconds() - fan0;
        Collections.sort(fanout);
        log("fan-out over %d changes (%d timed out): p50 %d ms, p99 %d ms, max %d ms; coordinator CPU %.1f s",
            fanout.size(), timeouts, pct(fanout, 50), pct(fanout, 99), pct(fanout, 100), fanCpu);

        // (b) join: a new host takes part in its networks with one endpoint each, until it holds its full tables.
        int joins = Integer.parseInt(opt.get("joins"));
        List<Long> joinMs = new ArrayList<>();
        for (int j = 0; j < joins; j++) {
          SimAgent fresh = sim.addAgents(n + j, 1, perHost).get(0);
          long start = System.nanoTime();
          fresh.connect().toCompletionStage().toCompletableFuture().get();
          for (String network : fresh.networks()) {
            sim.add(fresh, network).toCompletionStage().toCompletableFuture().get();
          }
          long waited = sim.awaitInSync(List.of(fresh), Duration.ofSeconds(60));
          joinMs.add(waited < 0 ? -1 : (System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(joinMs);
        log("join of a new host until it holds its full tables: %s ms", joinMs);
        double heapAfter = cluster.heapAfterGcMb();
        heap = Math.max(heap, heapAfter);

        // (c) reconnect storm: a member restarts; its agents reconnect (to it, or with several members to the
        // others) and resume the tables whose digest is still current instead of receiving them again.
        List<SimAgent> moved = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
          if (i % memberCount == 0) {
            moved.add(agents.get(i));
          }
        }
        long snapshotsBefore = sim.snapshots.get();
        long resumedBefore = sim.resumedTables.get();
        long down = System.nanoTime();
        coordinator.stop();
        long listen = memberCount == 1 ? coordinator.start() : 0;
        long storm = sim.awaitInSync(moved, Duration.ofMinutes(5), down);
        long stormTotal = storm < 0 ? -1 : (System.nanoTime() - down) / 1_000_000;
        if (memberCount > 1) {
          listen = coordinator.start();
        }
        log("reconnect storm: member 0 stopped and listening again after %d ms; all %d of its agents in sync %d ms "
            + "after %s (%d ms after the stop)", listen, moved.size(), storm,
            memberCount == 1 ? "it listened" : "the stop, on the other members", stormTotal);
        log("during the storm: %d tables resumed, %d snapshots received", sim.resumedTables.get() - resumedBefore,
            sim.snapshots.get() - snapshotsBefore);
        log("agent reconnects %d, version gaps %d, errors %d", sim.reconnects.get(), sim.gaps.get(), sim.errors());

        String csv = String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.0f,%.1f,%.1f,%.1f,"
                + "%d,%d,%d", n, memberCount, endpoints, networks, perHost, setupSeconds, setupCpu, pct(fanout, 50),
            pct(fanout, 99), pct(fanout, 100), timeouts, pct(joinMs, 50), pct(joinMs, 100), listen, storm, stormTotal,
            heap, heap * 1000 / n, idlePct, fanCpu, sim.reconnects.get(), sim.gaps.get(), sim.errors());
        if (opt.containsKey("csv")) {
          Path file = Path.of(opt.get("csv"));
          if (!Files.exists(file)) {
            Files.writeString(file, "agents,members,endpoints,networks,networks_per_host,setup_s,setup_cpu_s,"
                + "fanout_p50_ms,fanout_p99_ms,fanout_max_ms,fanout_timeouts,join_p50_ms,join_max_ms,"
                + "restart_listen_ms,storm_sync_after_listen_ms,storm_sync_after_stop_ms,heap_mb,heap_mb_per_1000,"
                + "idle_cpu_pct,fanout_cpu_s,reconnects,gaps,errors\n");
          }
          Files.writeString(file, csv + "\n", StandardOpenOption.APPEND);
        }
        System.out.println("csv " + csv);
        System.out.printf(Locale.ROOT, "fanout agents=%d p50_ms=%d p99_ms=%d max_ms=%d heap_mb=%.0f%n", n,
            pct(fanout, 50), pct(fanout, 99), pct(fanout, 100), heap);
        System.out.flush();
      }
    }
    // An event loop still busy with thousands of closing sockets must not keep the bench alive.
    System.exit(0);
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println("scale: " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
