package dev.weft.agent.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON documents in the agent's state directory, one file per kind, each replaced atomically (write a temporary
 * file, fsync, rename) so that a crash leaves either the old or the new version. Blocking: call it off event loops.
 */
public final class StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

  private final Path dir;
  private final ObjectMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public StateStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Reads {@code name}. Empty when the file does not exist; a corrupt file is logged, renamed aside and reported as
   * empty, so that one bad file never keeps the agent from starting.
   */
  public <T> Optional<T> read(String name, TypeReference<T> type) {
    Path file = dir.resolve(name);
    try {
      return Optional.ofNullable(mapper.readValue(Files.readAllBytes(file), type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.error("state file {} is unreadable ({}); moving it aside and starting without it", file, e.getMessage());
      try {
        Files.move(file, file.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // nothing more to do: the next write replaces it
      }
      return Optional.empty();
    }
  }

  /** Replaces {@code name} atomically with {@code value} as JSON. */
  public void write(String name, Object value) {
    write(name, value, false);
  }

  /** As {@link #write}, readable by the owner only (mode 0600): for secrets such as pre-shared keys (issue 6). */
  public void writePrivate(String name, Object value) {
    write(name, value, true);
  }

  private void write(String name, Object value, boolean ownerOnly) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".tmp");
      Files.deleteIfExists(tmp);
      byte[] bytes = mapper.writeValueAsBytes(value);
      java.nio.file.attribute.FileAttribute<?>[] attrs = ownerOnly
          ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions
              .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
          : new java.nio.file.attribute.FileAttribute<?>[0];
      try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), attrs)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state file " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  /** Makes the directory and checks that it is writable. @throws UncheckedIOException saying why not */
  public void probe() {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir + " (" + e + ")", e);
    }
  }

  /** Deletes every file this store may have written ({@code --cleanup}); leaves the directory and foreign files. */
  public void deleteAll(String... names) {
    for (String name : names) {
      for (String n : new String[] {name, name + ".tmp", name + ".corrupt"}) {
        try {
          Files.deleteIfExists(dir.resolve(n));
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", dir.resolve(n), e.getMessage());
        }
      }
    }
  }
}
