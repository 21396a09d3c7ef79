package dev.weft.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliEnvironment;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flag over environment over config file over default, decided for coordinator and token independently. */
class SettingsResolverTest {
  @TempDir
  Path home;
  @TempDir
  Path cwd;

  /**
   * One case: which sources are present (null = absent) and what must win. {@code file} is the content of
   * ~/.config/weft/config; {@code tokenFile} of ./weft-data/admin-token.
   */
  record Case(String name, String flagUrl, String flagToken, String envUrl, String envToken, String file,
              String tokenFile, String url, String urlSource, String token, String tokenSource) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String file = "coordinator=http://file:7700\ntoken=file-token\n";
    return Stream.of(
        new Case("flags beat everything", "http://flag:1", "flag-token", "http://env:2", "env-token", file, "dflt",
            "http://flag:1", "--coordinator", "flag-token", "--token"),
        new Case("env beats file and default", null, null, "http://env:2", "env-token", file, "dflt",
            "http://env:2", "WEFT_COORDINATOR", "env-token", "WEFT_TOKEN"),
        new Case("file beats default", null, null, null, null, file, "dflt",
            "http://file:7700", "FILE", "file-token", "FILE"),
        new Case("defaults", null, null, null, null, null, "dflt\n",
            "https://127.0.0.1:7700", "default", "dflt", "TOKENFILE"),
        new Case("no token anywhere", null, null, null, null, null, null,
            "https://127.0.0.1:7700", "default", null, null),
        new Case("an empty default token file is no token", null, null, null, null, null, "\n",
            "https://127.0.0.1:7700", "default", null, null),
        new Case("each setting on its own: url from flag, token from file", "http://flag:1", null, null, null, file,
            null, "http://flag:1", "--coordinator", "file-token", "FILE"),
        new Case("each setting on its own: url from file, token from env", null, null, null, "env-token", file,
            null, "http://file:7700", "FILE", "env-token", "WEFT_TOKEN"),
        new Case("a file with only a coordinator leaves the token to the default", null, null, null, null,
            "# mine\n\ncoordinator = http://file:7700 \n", "dflt",
            "http://file:7700", "FILE", "dflt", "TOKENFILE"),
        new Case("blank environment variables count as unset", null, null, " ", "", file, null,
            "http://file:7700", "FILE", "file-token", "FILE"),
        new Case("blank flags count as unset", "", " ", "http://env:2", null, null, null,
            "http://env:2", "WEFT_COORDINATOR", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstPresentSourceWins(Case c) throws IOException {
    Path configFile = home.resolve(".config/weft/config");
    if (c.file() != null) {
      Files.createDirectories(configFile.getParent());
      Files.writeString(configFile, c.file());
    }
    Path tokenFile = cwd.resolve("weft-data/admin-token");
    if (c.tokenFile() != null) {
      Files.createDirectories(tokenFile.getParent());
      Files.writeString(tokenFile, c.tokenFile());
    }
    Map<String, String> env = new HashMap<>();
    if (c.envUrl() != null) {
      env.put("WEFT_COORDINATOR", c.envUrl());
    }
    if (c.envToken() != null) {
      env.put("WEFT_TOKEN", c.envToken());
    }

    Settings settings = new SettingsResolver(new CliEnvironment(env, home, cwd))
        .resolve(c.flagUrl(), c.flagToken(), null);

    assertThat(settings.coordinator()).hasToString(c.url());
    assertThat(settings.coordinatorSource()).isEqualTo(source(c.urlSource(), configFile, tokenFile));
    assertThat(settings.token()).isEqualTo(c.token());
    assertThat(settings.tokenSource()).isEqualTo(source(c.tokenSource(), configFile, tokenFile));
  }

  private static String source(String name, Path configFile, Path tokenFile) {
    if ("FILE".equals(name)) {
      return configFile.toString();
    }
    return "TOKENFILE".equals(name) ? tokenFile.toString() : name;
  }

  @Test
  void configFlagBeatsWeftConfigBeatsXdgBeatsHome() throws IOException {
    Path flag = write(cwd.resolve("flag.conf"), "coordinator=http://flag-file:1\n");
    Path envFile = write(cwd.resolve("env.conf"), "coordinator=http://env-file:2\n");
    Path xdg = cwd.resolve("xdg");
    write(xdg.resolve("weft/config"), "coordinator=http://xdg-file:3\n");
    write(home.resolve(".config/weft/config"), "coordinator=http://home-file:4\n");

    assertThat(resolve(Map.of("WEFT_CONFIG", "env.conf", "XDG_CONFIG_HOME", xdg.toString()), Path.of("flag.conf")))
        .hasToString("http://flag-file:1");
    assertThat(resolve(Map.of("WEFT_CONFIG", envFile.toString(), "XDG_CONFIG_HOME", xdg.toString()), null))
        .hasToString("http://env-file:2");
    assertThat(resolve(Map.of("XDG_CONFIG_HOME", xdg.toString()), null)).hasToString("http://xdg-file:3");
    assertThat(resolve(Map.of(), null)).hasToString("http://home-file:4");
    assertThat(flag).exists();
  }

  @Test
  void aNamedConfigFileMustExist() {
    assertThatThrownBy(() -> resolve(Map.of(), Path.of("nope.conf")))
        .isInstanceOf(CliException.class).hasMessage("--config: " + cwd.resolve("nope.conf")
            + " (expected: a readable config file)")
        .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThatThrownBy(() -> resolve(Map.of("WEFT_CONFIG", "/nope.conf"), null))
        .hasMessage("WEFT_CONFIG: /nope.conf (expected: a readable config file)");
  }

  static Stream<Arguments> urls() {
    return Stream.of(
        Arguments.of("127.0.0.1:7700", "https://127.0.0.1:7700"),
        Arguments.of("http://coord:7700/", "http://coord:7700"),
        Arguments.of(" https://coord.example ", "https://coord.example"),
        Arguments.of("HTTP://coord:7700", "HTTP://coord:7700"),
        Arguments.of("http://proxy:8080/weft//", "http://proxy:8080/weft"),
        Arguments.of("http://[::1]:7700", "http://[::1]:7700"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("urls")
  void coordinatorUrlsAreNormalized(String given, String expected) {
    assertThat(SettingsResolver.coordinatorUri(given, "--coordinator")).hasToString(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badUrls")
  void badCoordinatorUrlsNameSourceAndValue(String given) {
    assertThatThrownBy(() -> SettingsResolver.coordinatorUri(given, "WEFT_COORDINATOR"))
        .isInstanceOf(CliException.class)
        .hasMessage("coordinator from WEFT_COORDINATOR: \"" + given.strip()
            + "\" (expected: a URL like https://HOST:7700)");
  }

  static Stream<String> badUrls() {
    return Stream.of("ftp://coord", "http://", "http://coord:7700/?x=1", "http://co ord", "unix:///var/run/x");
  }

  private java.net.URI resolve(Map<String, String> env, Path flagConfig) {
    return new SettingsResolver(new CliEnvironment(env, home, cwd)).resolve(null, null, flagConfig).coordinator();
  }

  private static Path write(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.writeString(path, content);
  }
}
