package dev.weft.common.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDigestTest {
  private static final Peer H1 = new Peer("h1", "192.0.2.1");
  private static final Endpoint E1 = new Endpoint("blue", "h1", "10.0.0.2", "02:57:0a:00:00:02", "c1", null);

  @Test
  void orderOfEntriesDoesNotMatterAndMinusUndoesPlus() {
    TableDigest both = TableDigest.EMPTY.plus(H1).plus(E1);
    assertThat(TableDigest.EMPTY.plus(E1).plus(H1)).isEqualTo(both);
    assertThat(both.minus(E1).minus(H1)).isEqualTo(TableDigest.EMPTY);
    assertThat(TableDigest.of(List.of(H1, E1))).isEqualTo(both);
    assertThat(both.toString()).hasSize(32).matches("[0-9a-f]+");
    assertThat(TableDigest.EMPTY.toString()).isEqualTo("0".repeat(32));
  }

  @Test
  void everyFieldOfAnEntryCounts() throws Exception {
    for (Record entry : List.<Record>of(H1, E1)) {
      RecordComponent[] components = entry.getClass().getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int j = 0; j < components.length; j++) {
          values[j] = components[j].getAccessor().invoke(entry);
          types[j] = components[j].getType();
        }
        values[i] = values[i] == null ? "set" : values[i] + "x";
        Record changed = (Record) entry.getClass().getDeclaredConstructor(types).newInstance(values);
        assertThat(TableDigest.EMPTY.plus(changed)).as(components[i].getName() + " of " + entry)
            .isNotEqualTo(TableDigest.EMPTY.plus(entry));
      }
    }
  }

  @Test
  void fieldBoundariesAndNullAreDistinct() {
    assertThat(TableDigest.EMPTY.plus(new Peer("ab", "c"))).isNotEqualTo(TableDigest.EMPTY.plus(new Peer("a", "bc")));
    assertThat(TableDigest.EMPTY.plus(new Peer("h", null))).isNotEqualTo(TableDigest.EMPTY.plus(new Peer("h", "null")));
  }
}
