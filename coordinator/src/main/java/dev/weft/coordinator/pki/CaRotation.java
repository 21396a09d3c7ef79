package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.error.ConflictException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotating the cluster CA (issue 12): "add a new CA, both trusted, move hosts, retire the old one".
 *
 * <ul>
 *   <li>{@link #stage} makes a new CA and stores it, key sealed like the current one's, under the setting
 *   {@code ca.next}. From then on every member trusts host certificates of both CAs and signs new host certificates
 *   (joins, renewals) with the new one; server certificates stay the current CA's, so agents that pinned only it keep
 *   connecting. Agents are told to renew at once, and get the bundle of both CAs to pin.</li>
 *   <li>{@link #retire} makes the staged CA the current one ({@code ca} := {@code ca.next}, in one transaction) and
 *   records the old certificate (no key) under {@code ca.retired}: members make their server certificate with the new
 *   CA, trust only it, and the join token's fingerprint part changes; a host still holding a certificate of the
 *   retired CA is told so and must join again.</li>
 * </ul>
 *
 * <p>Every member re-reads the settings on {@link #refresh} (a timer, like the join token) and tells its listeners
 * when they changed. Blocking: the store.
 */
public final class CaRotation {
  static final String NEXT = "ca.next";
  static final String RETIRED = "ca.retired";
  private static final Logger LOG = LoggerFactory.getLogger(CaRotation.class);

  private final Settings settings;
  private final MasterKey key;
  private final Path dataDir;
  private final Clock clock;
  private final Supplier<Map<String, HostCertificate>> joined;
  private final List<Consumer<CaSet>> listeners = new CopyOnWriteArrayList<>();
  private volatile CaSet cas;
  private String storedCurrent;
  private String storedNext;
  private String storedRetired;

  /** One CA's state and how many hosts hold a valid certificate of it. */
  public record CaInfo(String subject, String fingerprint, String notAfter, int hosts) {
  }

  /**
   * What {@code GET /v1/ca} shows.
   *
   * @param next  the staged CA, or null
   * @param other hosts whose valid certificate neither CA signed (joined before issue 12 or under a retired CA)
   */
  public record Status(CaInfo current, CaInfo next, int other) {
  }

  /**
   * @param current the CA {@link ClusterCa#loadOrCreate} read
   * @param joined  every host's current certificate record (the {@code cert:} settings)
   */
  public CaRotation(Settings settings, MasterKey key, Path dataDir, Clock clock, CertificateAuthority current,
                    Supplier<Map<String, HostCertificate>> joined) {
    this.settings = settings;
    this.key = key;
    this.dataDir = dataDir;
    this.clock = clock;
    this.joined = joined;
    this.cas = CaSet.of(current);
    refresh();
  }

  /** The CAs now; cheap. */
  public CaSet get() {
    return cas;
  }

  /** Called, on the thread of {@link #refresh}, with the new CAs whenever they change. */
  public void onChange(Consumer<CaSet> listener) {
    listeners.add(listener);
  }

  /**
   * Re-reads {@code ca}, {@code ca.next} and {@code ca.retired}; when any changed, adopts them, writes {@code ca.pem}
   * (the bundle of the trusted CAs) and tells the listeners. Blocking (three reads of the store).
   *
   * @return whether anything changed
   */
  public synchronized boolean refresh() {
    String current = settings.get(ClusterCa.KEY);
    String next = settings.get(NEXT);
    String retired = settings.get(RETIRED);
    if (current == null || (current.equals(storedCurrent) && Objects.equals(next, storedNext)
        && Objects.equals(retired, storedRetired))) {
      return false;
    }
    boolean first = storedCurrent == null;
    CertificateAuthority currentCa = current.equals(storedCurrent) ? cas.current() : ClusterCa.open(current, key);
    CertificateAuthority nextCa = next == null ? null
        : next.equals(storedNext) && cas.next() != null ? cas.next() : ClusterCa.open(next, key);
    List<X509Certificate> retiredCas = retired == null ? List.of() : Pem.certificates(retired);
    CaSet now = new CaSet(currentCa, nextCa, retiredCas);
    storedCurrent = current;
    storedNext = next;
    storedRetired = retired;
    cas = now;
    ClusterCa.writeIfChanged(dataDir.resolve(ClusterCa.FILE), now.bundlePem());
    if (!first) {
      LOG.info("cluster CA now sha256 {}{}", currentCa.fingerprint(),
          nextCa == null ? "" : ", staged sha256 " + nextCa.fingerprint() + " (rotation under way)");
      for (Consumer<CaSet> listener : listeners) {
        try {
          listener.accept(now);
        } catch (RuntimeException e) {
          LOG.warn("after the CA changed: {}", e.toString());
        }
      }
    }
    return !first;
  }

  /**
   * Stages a new CA ({@code POST /v1/ca/rotate}); blocking.
   *
   * @return the CAs with the staged one
   * @throws ConflictException when a rotation is staged already (by any member)
   */
  public CaSet stage() {
    CertificateAuthority candidate = CertificateAuthority.create(clock);
    String sealed = ClusterCa.sealed(candidate, key);
    String stored = settings.putIfAbsent(NEXT, sealed);
    if (!stored.equals(sealed)) {
      refresh();
      throw new ConflictException("a CA rotation is staged already (sha256 " + fingerprintOf(stored)
          + "): move the hosts, then POST /v1/ca/retire; GET /v1/ca shows how many are still on the old CA");
    }
    refresh();
    LOG.info("CA rotation staged: new CA sha256 {} signs host certificates from now on", candidate.fingerprint());
    return cas;
  }

  /**
   * Retires the current CA: the staged one becomes current ({@code POST /v1/ca/retire}); blocking.
   *
   * @param force retire also while hosts still hold valid certificates of the old CA (they must join again)
   * @return the hosts that still held a valid certificate of the retired CA (they must join again)
   * @throws ConflictException when no rotation is staged, or when hosts are still on the old CA and not {@code force}
   */
  public List<String> retire(boolean force) {
    refresh();
    CaSet now = cas;
    if (now.next() == null) {
      throw new ConflictException("no CA rotation is staged: POST /v1/ca/rotate first");
    }
    List<String> left = hostsOf(now.current().certificate());
    if (!left.isEmpty() && !force) {
      throw new ConflictException(left.size() + " host(s) still hold a certificate of the old CA " + sample(left)
          + ": wait until their agents renewed (GET /v1/ca), or retire with ?force=true and join them again");
    }
    List<X509Certificate> retired = new ArrayList<>(now.retired());
    retired.add(now.current().certificate());
    StringBuilder archive = new StringBuilder();
    retired.forEach(c -> archive.append(Pem.certificate(c)));
    if (!settings.move(NEXT, ClusterCa.KEY, storedCurrent, RETIRED, archive.toString())) {
      refresh();
      throw new ConflictException("the CA changed on another member meanwhile; GET /v1/ca and retry");
    }
    refresh();
    LOG.info("CA sha256 {} retired; sha256 {} is the cluster CA now ({} host(s) left on the old one)",
        now.current().fingerprint(), now.next().fingerprint(), left.size());
    return left;
  }

  /** {@code GET /v1/ca}; blocking (reads every host's certificate record). */
  public Status status() {
    CaSet now = cas;
    Map<String, Integer> counts = new LinkedHashMap<>();
    int other = 0;
    for (Map.Entry<String, HostCertificate> host : validCertificates().entrySet()) {
      String signer = now.trustedSignerOf(host.getValue().certificate() == null ? "" : host.getValue().certificate());
      if (signer == null) {
        other++;
      } else {
        counts.merge(signer, 1, Integer::sum);
      }
    }
    return new Status(info(now.current(), counts), now.next() == null ? null : info(now.next(), counts), other);
  }

  private List<String> hostsOf(X509Certificate ca) {
    List<String> hosts = new ArrayList<>();
    for (Map.Entry<String, HostCertificate> host : validCertificates().entrySet()) {
      String pem = host.getValue().certificate();
      if (pem == null || CaSet.signerOf(Pem.certificates(pem).get(0), List.of(ca)) != null) {
        hosts.add(host.getKey());
      }
    }
    return hosts;
  }

  private Map<String, HostCertificate> validCertificates() {
    Instant now = clock.instant();
    Map<String, HostCertificate> valid = new LinkedHashMap<>();
    joined.get().forEach((host, record) -> {
      if (record.expiresAt() == null || now.isBefore(Instant.parse(record.expiresAt()))) {
        valid.put(host, record);
      }
    });
    return valid;
  }

  private static CaInfo info(CertificateAuthority ca, Map<String, Integer> counts) {
    return new CaInfo(ca.certificate().getSubjectX500Principal().getName(), ca.fingerprint(),
        ca.certificate().getNotAfter().toInstant().toString(), counts.getOrDefault(ca.fingerprint(), 0));
  }

  private static String sample(List<String> hosts) {
    return hosts.size() <= 5 ? hosts.toString() : hosts.subList(0, 5) + " and " + (hosts.size() - 5) + " more";
  }

  private static String fingerprintOf(String stored) {
    try {
      return dev.weft.common.security.Fingerprints.sha256(Pem.certificates(stored).get(0).getEncoded());
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return "?";
    }
  }
}
