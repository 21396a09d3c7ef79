package dev.weft.coordinator.pki;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subject alternative names of a member's server certificate (issue 6): its listen address unless that is a
 * wildcard, {@code localhost}, {@code 127.0.0.1}, its hostname, every address of its interfaces, and what the
 * operator adds with {@code --tls-san}.
 */
public final class SubjectNames {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private SubjectNames() {
  }

  /** The names, in order, without duplicates; pure. */
  public static List<String> of(String listenHost, String hostname, List<String> interfaceAddresses,
                                List<String> extra) {
    Set<String> names = new LinkedHashSet<>();
    if (listenHost != null && !listenHost.isBlank() && !listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
      names.add(listenHost);
    }
    names.add("localhost");
    names.add("127.0.0.1");
    if (hostname != null && !hostname.isBlank()) {
      names.add(hostname);
    }
    names.addAll(interfaceAddresses);
    extra.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
    return List.copyOf(names);
  }

  /** What this machine has: its hostname and every interface address (IPv6 without its scope). */
  public static List<String> local(String listenHost, List<String> extra) {
    String hostname;
    try {
      hostname = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      hostname = null;
    }
    List<String> addresses = new java.util.ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String text = address.getHostAddress();
          int scope = text.indexOf('%');
          addresses.add(scope >= 0 ? text.substring(0, scope) : text);
        }
      }
    } catch (SocketException e) {
      // no interface list: the other names still apply
    }
    return of(listenHost, hostname, addresses, extra);
  }

  /** Each name as an IP address entry when it is an address literal, else as a DNS name. */
  public static GeneralNames toGeneralNames(List<String> names) {
    return new GeneralNames(names.stream()
        .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
        .toArray(GeneralName[]::new));
  }

  static boolean isAddress(String name) {
    return IPV4.matcher(name).matches() || name.contains(":");
  }
}
