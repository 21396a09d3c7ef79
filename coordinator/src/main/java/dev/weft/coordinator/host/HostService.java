package dev.weft.coordinator.host;

import dev.weft.coordinator.pki.Revocations;

import dev.weft.coordinator.pki.HostCertificate;

import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Host;
import dev.weft.common.model.HostReport;
import dev.weft.common.net.Ipv4;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.endpoint.EndpointStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Hosts: registration, reports, liveness and the API's view. Blocking: call from a worker. */
public final class HostService {
  private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final HostStore hosts;
  private final EndpointStore endpoints;
  private final EndpointService endpointService;
  private final Clock clock;
  private final HostBlocks blocks;
  private final Revocations revocations;
  private final Supplier<Map<String, String>> tunnelAddresses;

  /**
   * @param blocks      where a deleted host's blocks are released
   * @param revocations the hosts deleted through the API (issue 6)
   * @param tunnelAddresses host to the tunnel address the coordinator assigned it (issue 6), read once per view
   */
  public HostService(HostStore hosts, EndpointStore endpoints, EndpointService endpointService, HostBlocks blocks,
                     Revocations revocations, Clock clock, Supplier<Map<String, String>> tunnelAddresses) {
    this.tunnelAddresses = tunnelAddresses;
    this.blocks = blocks;
    this.revocations = revocations;
    this.hosts = hosts;
    this.endpoints = endpoints;
    this.endpointService = endpointService;
    this.clock = clock;
  }

  /**
   * Marks the host up with this report and makes its stored endpoints equal to {@code reported}: stored ones it
   * no longer has are removed, reported ones are added (each validated like an endpoint-add).
   *
   * @return one message per reported endpoint that was refused; empty when all were taken
   * @throws ValidationException when the report itself is unusable (no host id, bad underlay address)
   */
  public List<String> register(HostReport report, List<Endpoint> reported) {
    requireValid(report);
    admit(report);
    String host = report.hostId();
    Set<String> keep = new HashSet<>();
    for (Endpoint e : reported) {
      keep.add(EndpointStore.key(e.network(), e.ip()));
    }
    Set<Endpoint> unchanged = new HashSet<>();
    for (Endpoint stored : endpoints.ofHost(host)) {
      if (!keep.contains(EndpointStore.key(stored.network(), stored.ip()))) {
        endpoints.remove(stored.network(), stored.ip(), host);
      } else {
        unchanged.add(stored);
      }
    }
    List<String> refused = new ArrayList<>();
    for (Endpoint e : reported) {
      // An agent reconnecting reports what is stored already: that was checked when it was added, and its block
      // stays this host's while it holds an endpoint there. Checking it again read the network's whole block set
      // and the catalog per endpoint: most of the coordinator's work in a reconnect storm (issue 8).
      if (e != null && e.mac() != null && unchanged.contains(new Endpoint(e.network(), host, e.ip(),
          e.mac().toLowerCase(), e.container(), e.service()))) {
        continue;
      }
      try {
        endpointService.add(host, e);
      } catch (RuntimeException problem) {
        if (!(problem instanceof ValidationException || problem instanceof ConflictException
            || problem instanceof NotFoundException)) {
          throw problem;
        }
        refused.add(problem.getMessage());
      }
    }
    return refused;
  }

  /**
   * Stores the report, each step atomic on the host's entry. A host the store knows was not revoked since (a delete
   * removes the record): it is re-registered in one step that changes nothing if the record is gone meanwhile. Only
   * an unknown host may have been revoked (one read of the revocations then); it is created, and checked once more
   * after, so that a delete racing this registration either finds the record to remove or is seen here.
   */
  private void admit(HostReport report) {
    String now = clock.instant().toString();
    if (hosts.register(report, now, false) != null) {
      return;
    }
    String id = report.hostId();
    if (!revocations.revoked(id)) {
      hosts.register(report, now, true);
      if (!revocations.revoked(id)) {
        return;
      }
      hosts.remove(id);
    }
    throw new ConflictException("host \"" + id + "\" was revoked (DELETE /v1/hosts/" + id
        + "); it may join again only with a join token rotated after that");
  }

  /**
   * Revokes a host (issue 6): it is recorded as revoked under the current join token, its endpoints leave every
   * table, its blocks are released and its record is removed (which closes its agent session on every member). A host
   * that joined and never registered is revoked too (issue 12): its certificate is refused from then on.
   *
   * @throws NotFoundException when no host of that id registered or holds a certificate that was not revoked
   */
  public void delete(String hostId) {
    if (hosts.get(hostId).isEmpty() && !revocations.joined(hostId)) {
      throw new NotFoundException("host \"" + hostId + "\" not found");
    }
    revocations.revoke(hostId);
    for (Endpoint stored : endpoints.ofHost(hostId)) {
      endpoints.remove(stored.network(), stored.ip(), hostId);
    }
    blocks.releaseAll(hostId);
    hosts.remove(hostId);
  }

  /** Replaces the host's report. @throws NotFoundException when the host never registered */
  public void update(HostReport report) {
    requireValid(report);
    if (hosts.update(report, clock.instant().toString()) == null) {
      throw new NotFoundException("host \"" + report.hostId() + "\" not found");
    }
  }

  /** Marks a host up again that spoke after timing out. Unknown hosts are ignored. */
  public void markUp(String hostId) {
    hosts.markUp(hostId, clock.instant().toString());
  }

  /** Marks the host down; it was last heard at {@code lastSeen}. Unknown hosts are ignored. */
  public void markDown(String hostId, Instant lastSeen) {
    hosts.markDown(hostId, lastSeen.toString());
  }

  /**
   * Every host, by id.
   *
   * @param lastHeard what this member heard more recently than the store says, by host id; may answer null
   */
  public List<Host> list(Function<String, Instant> lastHeard) {
    Map<String, String> tunnels = tunnelAddresses.get();
    Map<String, HostCertificate> certificates = revocations.joined();
    List<Host> found = new ArrayList<>(hosts.list().stream()
        .map(r -> withExpiry(view(r, lastHeard, tunnels), certificates.get(r.id()))).toList());
    Set<String> registered = new HashSet<>();
    found.forEach(h -> registered.add(h.id()));
    // Joined and never registered (issue 12): listed so that an operator sees, and can revoke, every certificate.
    certificates.values().stream().filter(c -> !registered.contains(c.hostId()))
        .map(c -> withExpiry(joinedOnly(c.hostId()), c)).forEach(found::add);
    found.sort(java.util.Comparator.comparing(Host::id));
    return found;
  }

  /** @throws NotFoundException when no host of that id registered or holds a certificate that was not revoked */
  public Host get(String hostId, Function<String, Instant> lastHeard) {
    Optional<Host> registered = hosts.get(hostId).map(r -> view(r, lastHeard, tunnelAddresses.get()));
    HostCertificate certificate = revocations.certificate(hostId);
    if (registered.isPresent()) {
      return withExpiry(registered.get(), certificate);
    }
    if (certificate != null) {
      return withExpiry(joinedOnly(hostId), certificate);
    }
    throw new NotFoundException("host \"" + hostId + "\" not found");
  }

  private static Host withExpiry(Host host, HostCertificate certificate) {
    return certificate == null ? host : host.withCertificateExpires(certificate.expiresAt());
  }

  /** A host that joined and never registered: only its id is known. */
  private static Host joinedOnly(String hostId) {
    return new Host(hostId, dev.weft.common.model.HostStatus.JOINED, null, null, List.of(), null, null, null, null,
        null, List.of(), null);
  }

  /** Ids of hosts stored as up (at start they get one heartbeat timeout to reconnect). */
  public List<String> upHosts() {
    return hosts.list().stream().filter(r -> r.status() == dev.weft.common.model.HostStatus.UP)
        .map(HostRecord::id).toList();
  }

  private static Host view(HostRecord record, Function<String, Instant> lastHeard, Map<String, String> tunnels) {
    Instant heard = lastHeard.apply(record.id());
    return record.toHost(heard == null ? null : heard.toString(), tunnels.get(record.id()));
  }

  private static void requireValid(HostReport report) {
    if (report == null) {
      throw new ValidationException("host", null, "a host report");
    }
    if (report.hostId() == null || !HOST_ID.matcher(report.hostId()).matches()) {
      throw new ValidationException("host.hostId", report.hostId(),
          "1-128 characters of letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    try {
      Ipv4.parse(report.underlayAddress());
    } catch (IllegalArgumentException e) {
      throw new ValidationException("host.underlayAddress", report.underlayAddress(), "an IPv4 address like 192.0.2.10");
    }
  }
}
