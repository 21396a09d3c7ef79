package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.coordinator.keys.PairKey;
import java.util.Map;

/**
 * Writes a pair's key only if the stored one has {@code expectedEpoch} (0: none stored yet), so that two members
 * making or rotating the same pair's key at once end with one key, not two: the loser's write is skipped.
 */
final class PutPairKeyProcessor implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  private final long expectedEpoch;
  private final String json;

  PutPairKeyProcessor(long expectedEpoch, PairKey next) {
    this.expectedEpoch = expectedEpoch;
    this.json = Jsons.write(next);
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    long stored = entry.getValue() == null ? 0 : Jsons.read(entry.getValue(), PairKey.class).epoch();
    if (stored != expectedEpoch) {
      return false;
    }
    entry.setValue(new HazelcastJsonValue(json));
    return true;
  }
}
