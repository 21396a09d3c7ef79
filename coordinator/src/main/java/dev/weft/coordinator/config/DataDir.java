package dev.weft.coordinator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir and the modes of what is in it (issue 12): the dir is 0700, every file in it 0600 except the public
 * {@code ca.pem} (0644), whatever the process's umask. The dir's own mode is what keeps other local users out; the file
 * modes are the second wall (a dir made 0755 later by hand, a copy). Files that others create in it later (H2's
 * {@code weft.trace.db} and temp files, lock files) get their mode from a watcher thread within milliseconds; the
 * 0700 dir covers that moment.
 */
public final class DataDir implements AutoCloseable {
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);

  private final Path dir;
  private final WatchService watcher;
  private final Thread thread;

  private DataDir(Path dir, WatchService watcher) {
    this.dir = dir;
    this.watcher = watcher;
    this.thread = new Thread(this::watch, "weft-data-dir-modes");
    this.thread.setDaemon(true);
  }

  /**
   * Creates {@code dir} (mode 0700) or tightens it to 0700, sets the mode of every file in it, and starts watching it
   * for new files. The caller closes the result to stop watching.
   *
   * @throws UncheckedIOException when the dir cannot be created or its modes cannot be set
   */
  public static DataDir open(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      Set<PosixFilePermission> had = Files.getPosixFilePermissions(dir);
      if (!had.equals(DIR)) {
        Files.setPosixFilePermissions(dir, DIR);
        LOG.info("data dir {} was mode {}: now {} (only this user may enter it)", dir.toAbsolutePath(),
            PosixFilePermissions.toString(had), PosixFilePermissions.toString(DIR));
      }
      WatchService watcher = dir.getFileSystem().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      DataDir dataDir = new DataDir(dir, watcher);
      // Registered first, then the files fixed: a file made in between is seen by one or the other.
      dataDir.fixAll();
      dataDir.thread.start();
      return dataDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or secure the data dir " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return dir;
  }

  /** The mode a file of this name in the data dir has: 0644 for {@code ca.pem} (and its temp file), else 0600. */
  static Set<PosixFilePermission> modeOf(Path file) {
    return file.getFileName().toString().startsWith("ca.pem") ? PUBLIC : PRIVATE;
  }

  private void fixAll() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        if (!path.equals(dir)) {
          fix(path);
        }
      }
    }
  }

  private void fix(Path path) {
    try {
      if (Files.isSymbolicLink(path)) {
        return;
      }
      Set<PosixFilePermission> mode = Files.isDirectory(path) ? DIR : modeOf(path);
      if (!Files.getPosixFilePermissions(path).equals(mode)) {
        Files.setPosixFilePermissions(path, mode);
      }
    } catch (NoSuchFileException gone) {
      // a temp file already deleted or renamed: its new name has an event of its own
    } catch (IOException e) {
      LOG.warn("cannot set the mode of {}: {}", path, e.getMessage());
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            fixAll();
          } else {
            fix(dir.resolve((Path) event.context()));
          }
        }
        if (!key.reset()) {
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException stopped) {
      // closed
    } catch (IOException e) {
      LOG.warn("stopped watching the modes of the data dir {}: {}", dir, e.getMessage());
    }
  }

  /** Stops watching; the modes set stay. */
  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the watcher of {}: {}", dir, e.getMessage());
    }
  }
}
