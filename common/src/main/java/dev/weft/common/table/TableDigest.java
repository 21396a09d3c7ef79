package dev.weft.common.table;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 128-bit fingerprint of a table's content: the sum, modulo 2^64 in each half, of a SHA-256-derived hash of every
 * entry. Equal content gives an equal digest whatever the order of changes and whichever coordinator member built
 * the table, so an agent can carry a table from one member to another (or across a restart) and both sides can tell
 * in 32 characters whether it is current. Being a sum, it updates per change in O(1): {@link #plus}, {@link #minus}.
 *
 * <p>An entry is hashed from its record type name and every record component in declaration order, so a field
 * added to {@code Peer} or {@code Endpoint} is covered without touching this class. Not a defence against forged
 * content: the tables come from the coordinator over an authenticated channel.
 */
public final class TableDigest {
  public static final TableDigest EMPTY = new TableDigest(0, 0);

  private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TableDigest::sha256);

  private final long high;
  private final long low;

  private TableDigest(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /** This digest with {@code entry} (a record) added. */
  public TableDigest plus(Record entry) {
    long[] h = hash(entry);
    return new TableDigest(high + h[0], low + h[1]);
  }

  /** This digest with {@code entry} (a record this digest includes) taken out. */
  public TableDigest minus(Record entry) {
    long[] h = hash(entry);
    return new TableDigest(high - h[0], low - h[1]);
  }

  /** The digest of all {@code entries}. */
  public static TableDigest of(Iterable<? extends Record> entries) {
    TableDigest digest = EMPTY;
    for (Record entry : entries) {
      digest = digest.plus(entry);
    }
    return digest;
  }

  /** 32 lowercase hex digits, the form on the wire. */
  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableDigest d && d.high == high && d.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low);
  }

  private static long[] hash(Record entry) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    update(sha, entry.getClass().getSimpleName());
    for (RecordComponent component : COMPONENTS.computeIfAbsent(entry.getClass(), Class::getRecordComponents)) {
      Object value = value(component, entry);
      update(sha, value == null ? null : value.toString());
    }
    ByteBuffer out = ByteBuffer.wrap(sha.digest());
    return new long[] {out.getLong(), out.getLong()};
  }

  /** Length-prefixed, so ("ab", "c") and ("a", "bc") differ; null has length -1. */
  private static void update(MessageDigest sha, String text) {
    if (text == null) {
      sha.update(ByteBuffer.allocate(4).putInt(-1).array());
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static Object value(RecordComponent component, Record entry) {
    try {
      return component.getAccessor().invoke(entry);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("reading " + component + " of " + entry.getClass(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
