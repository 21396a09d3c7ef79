package dev.weft.coordinator.servicerule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.ServiceRule;
import dev.weft.coordinator.Listened;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link ServiceRules} relies on from a {@link ServiceRuleStore}: run over every implementation. */
public abstract class ServiceRuleStoreContract {
  protected ServiceRuleStore rules;

  /** A new, empty store. */
  protected abstract ServiceRuleStore newStore();

  /** Releases what {@link #newStore()} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    rules = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  @Test
  void aRuleIsAddedOnceListedInOrderAndRemovedOnce() {
    assertThat(rules.all()).isEmpty();
    assertThat(rules.exists("blue", "web")).isFalse();
    assertThat(rules.add(new ServiceRule("blue", "web"))).isTrue();
    assertThat(rules.add(new ServiceRule("blue", "web"))).as("exists: nothing changed").isFalse();
    rules.add(new ServiceRule("blue", "api"));
    rules.add(new ServiceRule("amber", "web"));
    assertThat(rules.exists("blue", "web")).isTrue();
    assertThat(rules.all()).containsExactly(new ServiceRule("amber", "web"), new ServiceRule("blue", "api"),
        new ServiceRule("blue", "web"));
    assertThat(rules.ofNetwork("blue")).containsExactly(new ServiceRule("blue", "api"),
        new ServiceRule("blue", "web"));
    assertThat(rules.ofNetwork("none")).isEmpty();
    assertThat(rules.remove("blue", "web")).isTrue();
    assertThat(rules.remove("blue", "web")).isFalse();
    assertThat(rules.exists("blue", "web")).isFalse();
    assertThat(ServiceRuleStore.key("blue", "web")).isEqualTo("blue/web");
  }

  @Test
  void ofConcurrentAttachesOfOneRuleExactlyOneCreatesIt() throws Exception {
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return rules.add(new ServiceRule("blue", "web"));
        }));
      }
      start.countDown();
      int created = 0;
      for (Future<Boolean> outcome : outcomes) {
        created += outcome.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(rules.all()).containsExactly(new ServiceRule("blue", "web"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listenersHearAddedAndRemovedOffTheWritersThread() {
    try (Listened<ServiceRuleEvent> heard = new Listened<>()) {
      rules.addListener(heard.executor(), heard.listener()::accept);
      ServiceRule rule = new ServiceRule("blue", "web");
      rules.add(rule);
      rules.add(rule);
      rules.remove("blue", "web");
      assertThat(heard.await(2)).containsExactly(
          new ServiceRuleEvent(ServiceRuleEvent.Type.ADDED, "blue/web", null, rule),
          new ServiceRuleEvent(ServiceRuleEvent.Type.REMOVED, "blue/web", rule, null));
      assertThat(heard.threads()).containsOnly(Listened.THREAD);
    }
  }
}
