package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapInterceptor;

/**
 * Stamps every value put into a map (by an entry processor or a put) with the revision after the one it replaces,
 * on the partition thread, before the write-through to the database. Registered on every map of {@link StoreMember}.
 */
final class RevisionInterceptor implements MapInterceptor {
  private static final long serialVersionUID = 1L;

  @Override
  public Object interceptGet(Object value) {
    return null;
  }

  @Override
  public void afterGet(Object value) {
  }

  @Override
  public Object interceptPut(Object oldValue, Object newValue) {
    if (!(newValue instanceof HazelcastJsonValue json)) {
      return null;
    }
    if (Revisions.of(json.toString()) > 0) {
      // Already stamped: a value loaded from the database (a reload), whose revision is the stored one.
      return null;
    }
    long previous = oldValue == null ? 0 : Revisions.of(oldValue.toString());
    return new HazelcastJsonValue(Revisions.stamp(json.toString(), previous + 1));
  }

  @Override
  public void afterPut(Object value) {
  }

  @Override
  public Object interceptRemove(Object removedValue) {
    return null;
  }

  @Override
  public void afterRemove(Object oldValue) {
  }

  // One instance per map, registered by id: equal instances keep the registration idempotent across restarts.
  @Override
  public boolean equals(Object o) {
    return o instanceof RevisionInterceptor;
  }

  @Override
  public int hashCode() {
    return RevisionInterceptor.class.hashCode();
  }
}
