package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.HostReport;
import dev.weft.coordinator.host.HostChanges;
import dev.weft.coordinator.host.HostRecord;
import java.util.Map;

/**
 * One atomic change of a host entry, a thin adapter over {@link HostChanges}; answers the new record as JSON (null
 * when the host is unknown and the change does not create it). The report travels as JSON so that the processor
 * serializes to any member.
 */
final class HostMutation implements EntryProcessor<String, HazelcastJsonValue, String> {
  private static final long serialVersionUID = 1L;

  private enum Kind { REGISTER, REGISTER_KNOWN, UPDATE, UP, DOWN, ADD_ERROR, CLEAR_ERRORS }

  private final Kind kind;
  private final String reportJson;
  private final String text;

  private HostMutation(Kind kind, String reportJson, String text) {
    this.kind = kind;
    this.reportJson = reportJson;
    this.text = text;
  }

  /** @param createIfAbsent false: only a host stored already is registered (else nothing changes, null) */
  static HostMutation register(HostReport report, String now, boolean createIfAbsent) {
    return new HostMutation(createIfAbsent ? Kind.REGISTER : Kind.REGISTER_KNOWN, Jsons.write(report), now);
  }

  static HostMutation update(HostReport report, String now) {
    return new HostMutation(Kind.UPDATE, Jsons.write(report), now);
  }

  static HostMutation up(String now) {
    return new HostMutation(Kind.UP, null, now);
  }

  static HostMutation down(String lastSeen) {
    return new HostMutation(Kind.DOWN, null, lastSeen);
  }

  static HostMutation addError(String error) {
    return new HostMutation(Kind.ADD_ERROR, null, error);
  }

  static HostMutation clearErrors(String prefix) {
    return new HostMutation(Kind.CLEAR_ERRORS, null, prefix);
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    HostRecord current = Jsons.read(entry.getValue(), HostRecord.class);
    HostRecord next = switch (kind) {
      case REGISTER -> HostChanges.register(current, report(), text, true);
      case REGISTER_KNOWN -> HostChanges.register(current, report(), text, false);
      case UPDATE -> HostChanges.update(current, report(), text);
      case UP -> HostChanges.up(current, text);
      case DOWN -> HostChanges.down(current, text);
      case ADD_ERROR -> HostChanges.addError(current, text);
      case CLEAR_ERRORS -> HostChanges.clearErrors(current, text);
    };
    if (next == null) {
      return null;
    }
    if (!next.equals(current)) {
      entry.setValue(Jsons.toJson(next));
    }
    return Jsons.write(next);
  }

  private HostReport report() {
    return Jsons.read(reportJson, HostReport.class);
  }
}
