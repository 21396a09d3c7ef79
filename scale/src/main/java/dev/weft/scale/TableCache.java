package dev.weft.scale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tables shared by the simulated agents of one JVM. The coordinator sends the same table version of a network, byte
 * for byte, to every agent of that network; thousands of agents each parsing a 5,000-endpoint snapshot and copying
 * their own tree per delta would measure the simulator, not the coordinator. So the first agent that receives
 * (network, epoch, version) parses it and builds the table with {@link NetworkTable#apply}; the others take the same
 * immutable table, after checking, as an agent must, that a delta follows the version they hold.
 */
final class TableCache {
  /** How many versions per network stay; an agent further behind applies the delta itself. */
  private static final int KEEP = 32;
  private static final JsonFactory JSON = new JsonFactory();

  /** A published table and the delta that made it (null for a snapshot). */
  record Entry(NetworkTable table, ToAgent.TableDelta delta) {
  }

  /** The first fields of a table message, read without parsing its body. */
  record Header(String type, String network, String epoch, long version) {
  }

  /** By network and epoch (one member's numbering), then version. */
  private final ConcurrentHashMap<String, java.util.concurrent.ConcurrentSkipListMap<Long, Entry>> entries =
      new ConcurrentHashMap<>();

  Entry get(Header header) {
    java.util.concurrent.ConcurrentSkipListMap<Long, Entry> versions = entries.get(numbering(header));
    return versions == null ? null : versions.get(header.version());
  }

  /**
   * Keeps {@code entry} and forgets every version of its numbering {@link #KEEP} or more below it, whether or not each
   * was cached (evicting only the exact version {@code KEEP} back leaked every older entry after a version no agent
   * cached).
   */
  void put(Header header, Entry entry) {
    java.util.concurrent.ConcurrentSkipListMap<Long, Entry> versions =
        entries.computeIfAbsent(numbering(header), k -> new java.util.concurrent.ConcurrentSkipListMap<>());
    if (versions.putIfAbsent(header.version(), entry) == null) {
      versions.headMap(header.version() - KEEP, true).clear();
    }
  }

  private static String numbering(Header header) {
    return header.network() + '/' + header.epoch();
  }

  /**
   * The type, network, epoch and version of a snapshot or delta (WireCodec writes them first, in that order);
   * null for any other message or when they are not first.
   */
  static Header header(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String type = null;
      String network = null;
      String epoch = null;
      long version = -1;
      for (int i = 0; i < 4; i++) {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
          return null;
        }
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "type" -> type = parser.getText();
          case "network" -> network = parser.getText();
          case "epoch" -> epoch = parser.getText();
          case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
          default -> {
            return null;
          }
        }
        if (i == 0 && !"snapshot".equals(type) && !"delta".equals(type)) {
          return null;
        }
      }
      return network == null || epoch == null || version < 0 ? null : new Header(type, network, epoch, version);
    } catch (IOException e) {
      return null;
    }
  }
}
