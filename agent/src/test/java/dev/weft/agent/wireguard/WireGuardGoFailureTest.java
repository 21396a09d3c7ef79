package dev.weft.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reason of a failed wireguard-go start (issue 12, defect 10), from output captured on this machine with
 * wireguard-go 0.0.20220316 ({@code src/test/resources/wireguard-go/}): stdout holds its log, stderr its banner box.
 */
class WireGuardGoFailureTest {
  private static final String HELD = "(/var/run/wireguard/wgtinp0.sock is held by an earlier wireguard-go, for "
      + "example one left running after its agent stopped or after its network namespace was deleted: end that "
      + "process (ps -C wireguard-go -o pid,args) or remove the socket)";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      // a second start while another wireguard-go (in another namespace) holds the control socket
      "uapi-in-use;         wgtinp0;                   true;  wireguard-go wgtinp0 exited 1: UAPI listen error: "
          + "unix socket in use " + HELD,
      // LOG_LEVEL=verbose adds a DEBUG line, which is not the reason
      "verbose-uapi-in-use; wgtinp0;                   true;  wireguard-go wgtinp0 exited 1: UAPI listen error: "
          + "unix socket in use " + HELD,
      // a second start in the same namespace: the TUN device exists
      "tun-busy;            wgtinp0;                   true;  wireguard-go wgtinp0 exited 1: Failed to create TUN "
          + "device: device or resource busy (an interface wgtinp0 exists already in this network namespace: "
          + "ip link del wgtinp0)",
      "name-too-long;       wgtinp0-this-is-too-long;  false; wireguard-go wgtinp0-this-is-too-long exited 1: Failed "
          + "to create TUN device: interface name too long: file name too long"})
  void namesTheReasonAndNotTheBanner(String capture, String name, boolean socketExists, String expected) {
    String stdout = resource(capture + ".stdout");
    String stderr = resource(capture + ".stderr");
    assertThat(stderr).as("the capture has the banner").contains("first class support for WireGuard");

    String message = WireGuardGoFailure.message(name, 1, stdout, stderr, socketExists);

    assertThat(message).isEqualTo(expected.strip());
    assertThat(message).doesNotContain("first class support", "\u2502", "\u2500", "2026/");
  }

  @Test
  void onlyTheBannerSaysSo() {
    String message = WireGuardGoFailure.message("wg0", 1, "", resource("uapi-in-use.stderr"), false);
    assertThat(message).isEqualTo("wireguard-go wg0 exited 1: no reason given (only its banner)");
  }

  @Test
  void aSocketLeftBehindIsNamedEvenWhenTheLogSaysNothing() {
    String message = WireGuardGoFailure.message("wg0", 1, null, resource("uapi-in-use.stderr"), true);
    assertThat(message).startsWith("wireguard-go wg0 exited 1: no reason given (only its banner) "
        + "(/var/run/wireguard/wg0.sock is held by an earlier wireguard-go");
  }

  @Test
  void whatIsNotALogLineIsKept() {
    assertThat(WireGuardGoFailure.reason("", "flag provided but not defined: -x\nUsage: wireguard-go [-f] NAME\n"))
        .isEqualTo("flag provided but not defined: -x; Usage: wireguard-go [-f] NAME");
  }

  private static String resource(String name) {
    try (InputStream in = WireGuardGoFailureTest.class.getResourceAsStream("/wireguard-go/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource wireguard-go/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
