package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets at rest (issue 12): a coordinator started under {@code umask 000} makes its data dir 0700 and every file
 * in it 0600 except {@code ca.pem} (0644), also a file made in it later; user {@code nobody} reads none of it.
 */
class DataDirModesTest {
  @TempDir
  Path dir;
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void underUmask000TheDataDirIs0700AndItsFiles0600ButCaPem() throws Exception {
    // Where any local user may look: the parent is 0755, as a data dir's parent usually is.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("data");
    Path log = dir.resolve("coordinator.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "umask 000; exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
        + Main.class.getName() + " --data-dir '" + data + "' --listen 127.0.0.1:0";
    process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    awaitLine(log, "weft-coordinator: listening on");

    Path later = data.resolve("made-later.tmp");
    Files.writeString(later, "x");
    Map<String, String> expected = new TreeMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Map<String, String> modes;
    do {
      modes = modes(data);
      expected.clear();
      modes.keySet().forEach(name -> expected.put(name, name.equals("ca.pem") ? "rw-r--r--" : "rw-------"));
      if (modes.equals(expected)) {
        break;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(modes).containsKeys("admin-token", "join-token", "read-token", "master.key", "weft.mv.db", "ca.pem",
        "made-later.tmp").isEqualTo(expected);

    // What the attacker of issue 12 did: read the database as another local user.
    for (String file : List.of("weft.mv.db", "master.key", "admin-token")) {
      Process cat = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat",
          data.resolve(file).toString()).redirectErrorStream(true).start();
      if (!cat.waitFor(30, TimeUnit.SECONDS)) {
        cat.destroyForcibly();
        fail("setpriv cat " + file + " did not end");
      }
      String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cat.exitValue()).as("nobody reading %s: %s", file, out).isNotZero();
      assertThat(out).contains("Permission denied");
    }
    // ca.pem is public, but nobody cannot reach it through the 0700 dir either; the CLI's user is the owner.

    // The Hazelcast cluster name is derived from the master key and proves membership: it is not in the log, which
    // more people read (journald) than the data dir.
    String clusterName = dev.weft.coordinator.pki.MasterKey.loadOrCreate(data.resolve("master.key")).clusterName();
    assertThat(Files.readString(log)).contains("store ready").doesNotContain(clusterName);
  }

  @Test
  void aDataDirThatExistsLooserIsTightenedAndSaysSo() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path old = data.resolve("admin-token");
    Files.writeString(old, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
    Path log = dir.resolve("coordinator.log");
    process = MainTest.run(List.of("--data-dir", data.toString(), "--listen", "127.0.0.1:0"));
    Process running = process;
    Thread pump = new Thread(() -> {
      try {
        Files.copy(running.getInputStream(), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        // the process ended
      }
    });
    pump.setDaemon(true);
    pump.start();
    awaitLine(log, "weft-coordinator: listening on");
    assertThat(Files.readString(log)).contains("data dir " + data.toAbsolutePath() + " was mode rwxr-xr-x: now "
        + "rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rw-------");
  }

  private static Map<String, String> modes(Path data) throws IOException {
    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        try {
          modes.put(file.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        } catch (java.nio.file.NoSuchFileException gone) {
          // a temp file of H2's, gone meanwhile
        }
      }
    }
    return modes;
  }

  private void awaitLine(Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      if (!process.isAlive() && !Files.readString(log).contains(line)) {
        fail("the coordinator ended: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    fail("no line '" + line + "' within 120 s: " + Files.readString(log));
  }
}
