package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One atomic change of a host entry; answers the new record as JSON (null when the host is unknown and the change
 * does not create it). The report travels as JSON so that the processor serializes to any member.
 */
final class HostMutation implements EntryProcessor<String, HazelcastJsonValue, String> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_ERRORS = 20;

  private enum Kind { REGISTER, UPDATE, UP, DOWN, ADD_ERROR, CLEAR_ERRORS }

  private final Kind kind;
  private final String reportJson;
  private final String text;

  private HostMutation(Kind kind, String reportJson, String text) {
    this.kind = kind;
    this.reportJson = reportJson;
    this.text = text;
  }

  static HostMutation register(HostReport report, String now) {
    return new HostMutation(Kind.REGISTER, Jsons.write(report), now);
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
      case REGISTER -> new HostRecord(Jsons.read(reportJson, HostReport.class), HostStatus.UP, text,
          current == null ? List.of() : current.coordinatorErrors());
      case UPDATE -> current == null ? null
          : new HostRecord(Jsons.read(reportJson, HostReport.class), current.status(), text,
              current.coordinatorErrors());
      case UP -> current == null || current.status() == HostStatus.UP ? current
          : new HostRecord(current.report(), HostStatus.UP, text, current.coordinatorErrors());
      // A registration after the silence began wins over the timeout that noticed the silence.
      case DOWN -> current == null || current.status() == HostStatus.DOWN
          || java.time.Instant.parse(current.lastSeen()).isAfter(java.time.Instant.parse(text)) ? current
          : new HostRecord(current.report(), HostStatus.DOWN, text, current.coordinatorErrors());
      case ADD_ERROR -> current == null || current.coordinatorErrors().contains(text) ? current
          : new HostRecord(current.report(), current.status(), current.lastSeen(), withError(current));
      case CLEAR_ERRORS -> current == null ? null
          : new HostRecord(current.report(), current.status(), current.lastSeen(),
              current.coordinatorErrors().stream().filter(e -> !e.startsWith(text)).toList());
    };
    if (next == null) {
      return null;
    }
    if (!next.equals(current)) {
      entry.setValue(Jsons.toJson(next));
    }
    return Jsons.write(next);
  }

  private List<String> withError(HostRecord current) {
    List<String> errors = new ArrayList<>(current.coordinatorErrors());
    errors.add(text);
    while (errors.size() > MAX_ERRORS) {
      errors.remove(0);
    }
    return errors;
  }
}
