package dev.weft.coordinator.pki;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;

/**
 * A host's current certificate as the store records it (issue 12), the value of its {@code cert:} setting: the host
 * it names, its serial (lowercase hex), the SHA-256 of its public key, when it was issued and when it expires; after
 * a renewal also the serial it replaced, accepted until {@code previousUntil}. Stored as JSON; a value written before
 * issue 12 was the bare serial and still reads (as a record with only the serial).
 *
 * @param hostId        the host, null in a record read from a bare serial
 * @param key           SHA-256 of the DER public key, lowercase hex; null in a record read from a bare serial
 * @param issuedAt      ISO-8601 instant, null in a record read from a bare serial
 * @param expiresAt     ISO-8601 instant (the certificate's notAfter), null in a record read from a bare serial
 * @param previousSerial the serial this one replaced by a renewal, or null
 * @param previousUntil  until when {@code previousSerial} is still accepted (ISO-8601), or null
 * @param certificate    the certificate itself (PEM), so that a join repeated with the same key is answered with the
 *                       same certificate; null in a record read from a bare serial
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostCertificate(String hostId, String serial, String key, String issuedAt, String expiresAt,
                              String previousSerial, String previousUntil, String certificate) {
  /** What a revocation leaves in the setting: no certificate of the host is accepted. */
  static final String REVOKED = "revoked";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** A new certificate's record, without a previous one. */
  public static HostCertificate issued(String hostId, String serial, String key, Instant issuedAt, Instant expiresAt,
                                       String certificatePem) {
    return new HostCertificate(hostId, serial, key, issuedAt.toString(), expiresAt.toString(), null, null,
        certificatePem);
  }

  /** This record, keeping {@code serial} accepted until {@code until}. */
  public HostCertificate replacing(String serial, Instant until) {
    return new HostCertificate(hostId, this.serial, key, issuedAt, expiresAt, serial, until.toString(), certificate);
  }

  /**
   * @param stored the setting's value: JSON, a bare serial (before issue 12) or {@link #REVOKED}
   * @return the record, or null for null and {@link #REVOKED}
   */
  public static HostCertificate parse(String stored) {
    if (stored == null || stored.equals(REVOKED)) {
      return null;
    }
    if (!stored.startsWith("{")) {
      return new HostCertificate(null, stored, null, null, null, null, null, null);
    }
    try {
      return JSON.readValue(stored, HostCertificate.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored host certificate record: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code candidate} accepts this serial at {@code now}: the current one, or the replaced one in time. */
  public boolean accepts(String candidate, Instant now) {
    return candidate.equals(serial) || (candidate.equals(previousSerial) && previousUntil != null
        && now.isBefore(Instant.parse(previousUntil)));
  }

  /** Whether the certificate expired by {@code now}; a record without an expiry (before issue 12) never does. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(Instant.parse(expiresAt));
  }

  /** Whether this record is of a certificate for the public key with SHA-256 {@code keyHash}. */
  public boolean forKey(String keyHash) {
    return key != null && key.equals(keyHash);
  }
}
