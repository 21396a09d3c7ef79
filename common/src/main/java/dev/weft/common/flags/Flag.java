package dev.weft.common.flags;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One flag: {@code --name VALUE} (or {@code --name=VALUE}; a switch may stand alone), its environment twin, its
 * parser, its default and its help.
 *
 * @param <T> the parsed value
 */
public final class Flag<T> {
  /** Prefix of every environment twin derived from a flag name. */
  public static final String ENV_PREFIX = "WEFT_";

  private final String name;
  private final String env;
  private final String metavar;
  private final String help;
  private final boolean isSwitch;
  private final boolean repeatable;
  private final boolean documented;
  private final T defaultValue;
  private final String shownDefault;
  private final UnaryOperator<String> mask;
  private final ValueParser<T> parser;

  private Flag(Builder<T> b) {
    name = b.name;
    env = b.env != null ? b.env : envTwin(b.name);
    metavar = b.metavar;
    help = Objects.requireNonNullElse(b.help, "");
    isSwitch = b.isSwitch;
    repeatable = b.repeatable;
    documented = b.documented;
    defaultValue = b.defaultValue;
    shownDefault = b.shownDefault;
    mask = b.mask;
    parser = b.parser;
  }

  /** A flag that takes a value. */
  public static <T> Builder<T> value(String name, ValueParser<T> parser) {
    return new Builder<>(name, parser, false);
  }

  /** A switch: {@code --name} alone means true; {@code --name=false} and its twin take a value; default false. */
  public static Builder<Boolean> toggle(String name) {
    return new Builder<>(name, Parsers.lenientBool(), true).byDefault(false).shownDefault(null);
  }

  /** {@code data-dir} is {@code WEFT_DATA_DIR}. */
  public static String envTwin(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public String name() {
    return name;
  }

  public String env() {
    return env;
  }

  /** What the value looks like in the usage text ({@code HOST:PORT}), or null. */
  public String metavar() {
    return metavar;
  }

  public String help() {
    return help;
  }

  public boolean isSwitch() {
    return isSwitch;
  }

  /** Given several times on the command line, the values join with commas (the twin's value is replaced). */
  public boolean repeatable() {
    return repeatable;
  }

  /** Listed in the README's flag tables (false for {@code --help}). */
  public boolean documented() {
    return documented;
  }

  /** The value when neither flag nor twin is given, or null. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as the usage text and the README show it, or null when none is shown. */
  public String shownDefault() {
    return shownDefault;
  }

  /** The value as an error message may echo it (a password hidden). */
  public String masked(String value) {
    return mask.apply(value);
  }

  ValueParser<T> parser() {
    return parser;
  }

  /** The usage form: {@code --listen HOST:PORT}, {@code --cleanup}, {@code --tls=false}. */
  public String synopsis() {
    if (metavar == null) {
      return "--" + name;
    }
    return "--" + name + (isSwitch ? "=" : " ") + metavar;
  }

  @Override
  public String toString() {
    return "--" + name;
  }

  /** Builds a {@link Flag}; only the name and parser are required. */
  public static final class Builder<T> {
    private final String name;
    private final ValueParser<T> parser;
    private final boolean isSwitch;
    private String env;
    private String metavar;
    private String help;
    private boolean repeatable;
    private boolean documented = true;
    private T defaultValue;
    private String shownDefault;
    private UnaryOperator<String> mask = UnaryOperator.identity();

    private Builder(String name, ValueParser<T> parser, boolean isSwitch) {
      if (!name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("flag name: " + name + " (expected: lower-case words joined by -)");
      }
      this.name = name;
      this.parser = Objects.requireNonNull(parser, "parser");
      this.isSwitch = isSwitch;
    }

    /** Another twin than {@link #envTwin(String)}'s. */
    public Builder<T> env(String value) {
      env = value;
      return this;
    }

    public Builder<T> metavar(String value) {
      metavar = value;
      return this;
    }

    public Builder<T> help(String value) {
      help = value;
      return this;
    }

    public Builder<T> repeatable() {
      repeatable = true;
      return this;
    }

    /** Left out of the README's tables. */
    public Builder<T> undocumented() {
      documented = false;
      return this;
    }

    /** The default value; shown as {@code String.valueOf(value)} unless {@link #shownDefault} says otherwise. */
    public Builder<T> byDefault(T value) {
      defaultValue = value;
      shownDefault = String.valueOf(value);
      return this;
    }

    /** How the default reads in the usage text and the README; null shows none. */
    public Builder<T> shownDefault(String text) {
      shownDefault = text;
      return this;
    }

    /** A secret inside values: error messages echo {@code mask.apply(value)}. */
    public Builder<T> secret(UnaryOperator<String> value) {
      mask = Objects.requireNonNull(value);
      return this;
    }

    public Flag<T> build() {
      return new Flag<>(this);
    }
  }
}
