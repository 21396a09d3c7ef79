package dev.weft.scale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weft.common.sync.TableStep;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the simulated agents of one JVM share so that they measure the coordinator, not the simulator. The
 * coordinator sends the same table version of a network, byte for byte, to every agent of that network; thousands of
 * agents each parsing a 5,000-endpoint snapshot and copying their own tree per delta would swamp the bench. So the
 * first agent that receives (network, epoch, version) decodes it, and the others get the same immutable message
 * ({@link #decode}); and the first that applies it to a given table computes the result, the others holding that very
 * table get the same result ({@link TableStep}). Every agent still runs the real client: its {@code TableBook}
 * decides, as an agent's does, whether a delta follows the version it holds.
 */
final class SharedTables implements TableStep {
  /** How many versions per network stay; an agent further behind decodes and applies the delta itself. */
  private static final int KEEP = 32;
  private static final JsonFactory JSON = new JsonFactory();

  /** A decoded table message and, once an agent applied it, the table it applied it to and the result. */
  private record Entry(ToAgent message, NetworkTable predecessor, NetworkTable table) {
  }

  /** The first fields of a table message, read without parsing its body. */
  record Header(String type, String network, String epoch, long version) {
  }

  private final WireCodec codec;
  /** By type, network and epoch (one member's numbering), then version. */
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<Long, Entry>> entries = new ConcurrentHashMap<>();

  SharedTables(WireCodec codec) {
    this.codec = codec;
  }

  /** The message {@code text} encodes; a snapshot or delta another agent decoded already is that same object. */
  ToAgent decode(String text) {
    Header header = header(text);
    if (header == null) {
      return codec.decodeToAgent(text);
    }
    ConcurrentSkipListMap<Long, Entry> versions =
        entries.computeIfAbsent(numbering(header), k -> new ConcurrentSkipListMap<>());
    Entry held = versions.get(header.version());
    if (held != null) {
      return held.message();
    }
    ToAgent message = codec.decodeToAgent(text);
    if (versions.putIfAbsent(header.version(), new Entry(message, null, null)) == null) {
      // forget every version KEEP or more below, whether or not each was cached
      versions.headMap(header.version() - KEEP, true).clear();
    }
    return message;
  }

  @Override
  public NetworkTable fromSnapshot(ToAgent.TableSnapshot snapshot) {
    return shared(snapshot, "snapshot", snapshot.network(), snapshot.epoch(), snapshot.version(), null,
        () -> NetworkTable.fromSnapshot(snapshot));
  }

  @Override
  public NetworkTable apply(NetworkTable held, ToAgent.TableDelta delta) {
    return shared(delta, "delta", delta.network(), delta.epoch(), delta.version(), held, () -> held.apply(delta));
  }

  /** The result computed for this very message on this very table, or {@code compute}'s, kept for the next agent. */
  private NetworkTable shared(ToAgent message, String type, String network, String epoch, long version,
                              NetworkTable predecessor, java.util.function.Supplier<NetworkTable> compute) {
    ConcurrentSkipListMap<Long, Entry> versions = entries.get(type + '/' + network + '/' + epoch);
    Entry entry = versions == null ? null : versions.get(version);
    if (entry != null && entry.message() == message && entry.table() != null && entry.predecessor() == predecessor) {
      return entry.table();
    }
    NetworkTable table = compute.get();
    if (entry != null && entry.message() == message && entry.table() == null) {
      versions.replace(version, entry, new Entry(message, predecessor, table));
    }
    return table;
  }

  private static String numbering(Header header) {
    return header.type() + '/' + header.network() + '/' + header.epoch();
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
