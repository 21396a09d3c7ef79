package dev.weft.agent.identity;

import dev.weft.agent.config.AgentConfig;
import dev.weft.common.security.JoinTokenFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which credential the agent uses (issue 6): the one in the state dir when it names this host and, if a join token
 * is given, the same CA; otherwise a new one from joining with the join token. Blocking.
 */
public final class Identity {
  private static final Logger LOG = LoggerFactory.getLogger(Identity.class);
  /** About an hour of attempts while no coordinator answers; systemd restarts the agent after that. */
  private static final int JOIN_ROUNDS = 720;
  private static final Duration JOIN_PAUSE = Duration.ofSeconds(5);

  private Identity() {
  }

  public static HostCredential credential(AgentConfig config) throws Joiner.JoinRefused, IOException, InterruptedException {
    return credential(config, java.time.Clock.systemUTC());
  }

  /** As {@link #credential(AgentConfig)}, judging expiry by {@code clock}. */
  public static HostCredential credential(AgentConfig config, java.time.Clock clock)
      throws Joiner.JoinRefused, IOException, InterruptedException {
    CredentialStore store = new CredentialStore(config.stateDir());
    Optional<HostCredential> stored = store.load();
    if (stored.isPresent() && usable(stored.get(), config, clock)) {
      LOG.info("using the host certificate in {} (host {}, CA sha256:{})", config.stateDir(), stored.get().hostId(),
          stored.get().caFingerprint());
      return stored.get();
    }
    if (config.joinToken() == null || config.joinToken().isBlank()) {
      throw new Joiner.JoinRefused("--join-token: missing, and the state dir holds no certificate of host "
          + config.hostId());
    }
    try {
      return new Joiner(config.coordinators(), config.joinToken(), config.hostId(), store)
          .join(JOIN_ROUNDS, JOIN_PAUSE);
    } catch (Joiner.JoinRefused refused) {
      // A CA rotation retired the CA the join token names (issue 12), and this host moved to the new CA before: the
      // coordinator presents a CA the stored credential pins, so that credential is this cluster's and still good.
      if (stored.isPresent() && refused.coordinatorCa() != null
          && stored.get().caFingerprints().contains(refused.coordinatorCa()) && usableApartFromToken(stored.get(),
          config, clock)) {
        LOG.warn("the join token names CA sha256:{}, but the coordinator presents CA sha256:{}, which the host "
            + "certificate in {} pins (the cluster CA was rotated): using that certificate; put the current join "
            + "token (GET /v1/join-token) into --join-token", JoinTokenFormat.parse(config.joinToken())
            .map(JoinTokenFormat.Parts::fingerprint).orElse("?"), refused.coordinatorCa(), config.stateDir());
        return stored.get();
      }
      throw refused;
    }
  }

  private static boolean usable(HostCredential credential, AgentConfig config, java.time.Clock clock) {
    if (!usableApartFromToken(credential, config, clock)) {
      return false;
    }
    Optional<String> tokenCa = JoinTokenFormat.parse(config.joinToken()).map(JoinTokenFormat.Parts::fingerprint);
    if (tokenCa.isPresent() && !credential.caFingerprints().contains(tokenCa.get())) {
      LOG.warn("the join token names CA sha256:{}, the host certificate CA sha256:{}: joining again", tokenCa.get(),
          String.join(", sha256:", credential.caFingerprints()));
      return false;
    }
    return true;
  }

  private static boolean usableApartFromToken(HostCredential credential, AgentConfig config,
                                              java.time.Clock clock) {
    if (!config.hostId().equals(credential.hostId())) {
      LOG.warn("the host certificate in {} names host {}, not {}: joining again", config.stateDir(),
          credential.hostId(), config.hostId());
      return false;
    }
    if (!credential.keyMatchesCertificate()) {
      LOG.warn("the host key in {} does not belong to its certificate: joining again", config.stateDir());
      return false;
    }
    if (!clock.instant().isBefore(credential.expires()) && config.joinToken() != null
        && !config.joinToken().isBlank()) {
      // the coordinator refuses it (issue 12) and takes a join for this host again
      LOG.warn("the host certificate in {} expired at {}: joining again", config.stateDir(), credential.expires());
      return false;
    }
    return true;
  }
}
