package dev.weft.agent.state;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.common.sync.TableBook;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the reconciler keeps across restarts, so that a restarted agent forwards as before while the coordinator is
 * away: the catalog, the tables, the Swarm service rules (issue 5) and the key table (issue 6), one file each in the
 * state directory. Blocking file I/O: the reconciler thread.
 */
public final class StateFiles {
  public static final String CATALOG_FILE = "catalog.json";
  public static final String TABLES_FILE = "tables.json";
  /** The last service rules (issue 5), so that a restarted agent keeps task containers attached while offline. */
  public static final String SERVICES_FILE = "services.json";
  /**
   * The last key table (issue 6), mode 0600 (it holds pre-shared keys), so that a restarted agent keeps encrypted
   * networks forwarding before, or without, the coordinator.
   */
  public static final String KEYS_FILE = "keys.json";

  /** What {@code tables.json} holds. */
  record SavedTables(List<ToAgent.TableSnapshot> tables) {
  }

  private final StateStore store;

  public StateFiles(StateStore store) {
    this.store = store;
  }

  /** Every file this class writes, for {@code --cleanup}. */
  public static List<String> names() {
    return List.of(CATALOG_FILE, TABLES_FILE, SERVICES_FILE, KEYS_FILE);
  }

  /** The last catalog saved; empty when none was (a first start). */
  public Optional<List<Network>> catalog() {
    return store.read(CATALOG_FILE, new TypeReference<List<Network>>() { });
  }

  public void saveCatalog(List<Network> networks) {
    store.write(CATALOG_FILE, networks);
  }

  /** The last service rules saved (service name → networks); empty when none were. */
  public Map<String, Set<String>> serviceRules() {
    return store.read(SERVICES_FILE, new TypeReference<Map<String, Set<String>>>() { })
        .map(Map::copyOf).orElse(Map.of());
  }

  public void saveServiceRules(Map<String, Set<String>> rules) {
    store.write(SERVICES_FILE, new TreeMap<>(rules));
  }

  /** The last key table saved, or null when none was. */
  public ToAgent.Keys keys() {
    return store.read(KEYS_FILE, new TypeReference<ToAgent.Keys>() { }).orElse(null);
  }

  /** Writes the key table readable by the owner only: it holds pre-shared keys. */
  public void saveKeys(ToAgent.Keys keys) {
    store.writePrivate(KEYS_FILE, keys);
  }

  /** The tables saved by a previous run; an empty book when there are none. */
  public TableBook loadTables() {
    return store.read(TABLES_FILE, new TypeReference<SavedTables>() { })
        .map(s -> new TableBook(s.tables()))
        .orElseGet(TableBook::new);
  }

  public void saveTables(List<ToAgent.TableSnapshot> snapshots) {
    store.write(TABLES_FILE, new SavedTables(snapshots));
  }
}
