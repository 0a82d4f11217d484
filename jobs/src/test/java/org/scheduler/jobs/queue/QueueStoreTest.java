package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.InvalidMessageException;
import org.scheduler.api.Message;
import org.scheduler.api.NewMessage;
import org.scheduler.db.testing.PostgresExtension;

class QueueStoreTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private static final Duration LEASE = Duration.ofSeconds(30);
  private final QueuesConfig queues =
      new QueuesConfig(
          Map.of("q", QueueConfig.defaults("q"), "other", QueueConfig.defaults("other")));
  private QueueStore store;
  private QueueUpkeep upkeep;
  private QueueEnqueuer enqueuer;
  private QueueAdmin admin;

  @BeforeEach
  void emptyQueues() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    store = new QueueStore(postgres.dataSource());
    upkeep = new QueueUpkeep(postgres.dataSource());
    enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    admin = new QueueAdmin(postgres.dataSource());
  }

  @Test
  void claimsHigherPriorityFirstThenOldest() throws Exception {
    long low = enqueue(NewMessage.of("t", "{}"));
    long high = enqueue(NewMessage.of("t", "{}").withPriority(5));
    long lowLater = enqueue(NewMessage.of("t", "{}"));

    assertThat(ids(store.claim("q", 1, LEASE))).containsExactly(high);
    assertThat(ids(store.claim("q", 10, LEASE))).containsExactly(low, lowLater);
  }

  @Test
  void aClaimStopsBeforeItsPayloadsExceedTheByteLimitButTakesOneAlways() throws Exception {
    String kilobyte = "\"" + "x".repeat(1022) + "\"";
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(enqueue(NewMessage.of("t", kilobyte)));
    }
    long big = enqueue(NewMessage.of("t", "\"" + "y".repeat(10_000) + "\""));

    assertThat(ids(store.claim("q", 100, 3 * 1024, LEASE)))
        .containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(ids(store.claim("q", 100, 3 * 1024 + 1, LEASE)))
        .containsExactlyElementsOf(ids.subList(3, 7));
    assertThat(ids(store.claim("q", 2, 1 << 20, LEASE)))
        .containsExactlyElementsOf(ids.subList(7, 9));
    assertThat(ids(store.claim("q", 100, 1024, LEASE))).containsExactly(ids.get(9));
    // larger than the limit by itself: claimed alone, never stuck
    assertThat(ids(store.claim("q", 100, 1024, LEASE))).containsExactly(big);
  }

  @Test
  void claimsOnlyFromItsOwnQueue() throws Exception {
    enqueuer.enqueue("other", NewMessage.of("t", "{}"));
    assertThat(store.claim("q", 10, LEASE).isEmpty()).isTrue();
  }

  @Test
  void delayedMessageIsNotClaimedBeforeItsTime() throws Exception {
    long delayed = enqueue(NewMessage.of("t", "{}").withDelay(Duration.ofHours(1)));
    long ready = enqueue(NewMessage.of("t", "{}"));

    assertThat(ids(store.claim("q", 10, LEASE))).containsExactly(ready);
    QueueUpkeep.Promotion early = upkeep.promoteDelayed(100);
    assertThat(early.promoted()).isZero();
    assertThat(early.nextDue())
        .hasValueSatisfying(
            due -> assertThat(due).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
    assertThat(store.claim("q", 10, LEASE).isEmpty()).isTrue();

    // the hour passes on the database clock
    postgres.execute(
        "UPDATE queue_messages SET run_at = now() - interval '1 second' WHERE id = " + delayed);
    QueueUpkeep.Promotion due = upkeep.promoteDelayed(100);
    assertThat(due.promoted()).isEqualTo(1);
    assertThat(due.nextDue()).as("no delayed message is left").isEmpty();
    assertThat(ids(store.claim("q", 10, LEASE))).containsExactly(delayed);
  }

  @Test
  void aDuplicateDedupeKeyReturnsThePendingMessageAndStoresNothing() throws Exception {
    long first = enqueue(NewMessage.of("t", "{\"n\":1}").withDedupeKey("k"));
    long second = enqueue(NewMessage.of("t", "{\"n\":2}").withDedupeKey("k"));
    List<Long> bulk =
        enqueuer.enqueueAll(
            "q",
            List.of(
                NewMessage.of("t", "{}"),
                NewMessage.of("t", "{}").withDedupeKey("k"),
                NewMessage.of("t", "{}").withDedupeKey("j"),
                NewMessage.of("t", "{}").withDedupeKey("j")));

    assertThat(second).isEqualTo(first);
    assertThat(bulk.get(1)).isEqualTo(first);
    assertThat(bulk.get(3)).isEqualTo(bulk.get(2));
    assertThat(count("queue_messages")).isEqualTo(3);

    Claim claim = store.claim("q", 10, LEASE);
    store.ack(claim.token(), ids(claim));
    assertThat(enqueue(NewMessage.of("t", "{}").withDedupeKey("k"))).isNotEqualTo(first);
  }

  @Test
  void tenThousandMessagesGoInOneCallAndKeepTheirOrder() throws Exception {
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 0; i < QueueEnqueuer.MAX_BULK; i++) {
      messages.add(NewMessage.of("t", "{\"i\":" + i + "}"));
    }

    List<Long> ids = enqueuer.enqueueAll("q", messages);

    assertThat(ids).hasSize(10_000).isSorted().doesNotHaveDuplicates();
    assertThat(count("queue_messages")).isEqualTo(10_000);
    assertThat(query("SELECT payload->>'i' FROM queue_messages WHERE id = " + ids.get(1234)))
        .isEqualTo("1234");
    assertThatThrownBy(
            () -> enqueuer.enqueueAll("q", java.util.Collections.nCopies(10_001, messages.get(0))))
        .hasMessageContaining("at most 10000");
  }

  @Test
  void badMessagesAreRefusedNamingTheFieldAndNothingIsStored() {
    assertRefused(
        "q",
        List.of(NewMessage.of("t", "{}"), NewMessage.of("t", "{oops")),
        "[1].payload: is not valid JSON");
    assertRefused(
        "q", List.of(NewMessage.of("t", "{} {}")), "payload: has content after the JSON value");
    assertRefused("q", List.of(NewMessage.of("t", "\"\\u0000\"")), "payload: contains \\u0000");
    assertRefused(
        "q",
        List.of(NewMessage.of("t", "\"" + "x".repeat(300_000) + "\"")),
        "payload: 300002 bytes is more than the queue's limit of 262144");
    assertRefused("q", List.of(NewMessage.of("bad type!", "{}")), "type: 1 to 128");
    assertRefused(
        "q",
        List.of(NewMessage.of("t", "{}").withDelay(Duration.ofSeconds(-1))),
        "delay: must be from PT0S");
    assertRefused(
        "q",
        List.of(NewMessage.of("t", "{}").withMaxAttempts(0)),
        "maxAttempts: must be from 1 to 1000");
    assertRefused("q", List.of(NewMessage.of("t", "{}").withDedupeKey("")), "dedupeKey:");
    assertRefused("nope", List.of(NewMessage.of("t", "{}")), "queue: unknown queue 'nope'");
  }

  @Test
  void anAckWithAStaleTokenIsRefused() throws Exception {
    long id = enqueue(NewMessage.of("t", "{}"));
    Claim slow = store.claim("q", 10, LEASE);
    expireLeases();
    assertThat(upkeep.reclaimExpired(100)).isEqualTo(1);
    Claim current = store.claim("q", 10, LEASE);

    assertThat(store.ack(slow.token(), List.of(id))).isEmpty();
    assertThat(store.retry(slow.token(), List.of(new QueueStore.Retry(id, Duration.ZERO, "x"))))
        .isEmpty();
    assertThat(store.deadLetter(slow.token(), List.of(new QueueStore.Dead(id, "x")))).isEmpty();
    assertThat(slow.messages().get(0).extendLease(Duration.ofMinutes(1))).isFalse();

    assertThat(store.ack(current.token(), List.of(id))).containsExactly(id);
    assertThat(current.messages().get(0).attempt()).isEqualTo(2);
    assertThat(count("queue_history")).isEqualTo(1);
    assertThat(count("queue_messages")).isZero();
  }

  @Test
  void anExtendedLeaseKeepsTheMessage() throws Exception {
    enqueue(NewMessage.of("t", "{}"));
    Claim claim = store.claim("q", 10, Duration.ofSeconds(1));

    assertThat(claim.messages().get(0).extendLease(Duration.ofMinutes(10))).isTrue();

    assertThat(query("SELECT lease_until > now() + interval '9 minutes' FROM queue_messages"))
        .isEqualTo("t");
    assertThat(upkeep.reclaimExpired(100)).isZero();
  }

  @Test
  void reportedProgressIsStoredAtMostOnceASecondAndRenewsTheLease() throws Exception {
    long id = enqueue(NewMessage.of("t", "{}"));
    Claim claim = store.claim("q", 10, Duration.ofMinutes(10));
    // the lease has nearly run out on the database clock
    postgres.execute("UPDATE queue_messages SET lease_until = now() + interval '1 second'");

    assertThat(claim.messages().get(0).reportProgress(0.5, "halfway")).isTrue();
    assertThat(claim.messages().get(0).reportProgress(0.9, "almost")).isTrue();

    assertThat(
            query("SELECT progress || ' ' || progress_step FROM queue_messages WHERE id = " + id))
        .as("the second report came within the second and was not written")
        .isEqualTo("0.5 halfway");
    assertThat(query("SELECT lease_until > now() + interval '9 minutes' FROM queue_messages"))
        .as("a heartbeat: the lease is the queue's lease from now")
        .isEqualTo("t");
  }

  @Test
  void retriedMessagesWaitTheirDelayAndReleasedOnesComeBackUnattempted() throws Exception {
    long retried = enqueue(NewMessage.of("t", "{}"));
    long released = enqueue(NewMessage.of("t", "{}"));
    Claim claim = store.claim("q", 10, LEASE);

    assertThat(
            store.retry(
                claim.token(),
                List.of(new QueueStore.Retry(retried, Duration.ofMinutes(5), "boom"))))
        .containsExactly(retried);
    assertThat(store.release(claim.token(), List.of(released))).containsExactly(released);

    Claim next = store.claim("q", 10, LEASE);
    assertThat(ids(next)).containsExactly(released);
    assertThat(next.messages().get(0).attempt()).isEqualTo(1);
    assertThat(query("SELECT state || ' ' || last_error FROM queue_messages WHERE id = " + retried))
        .isEqualTo("delayed boom");
    assertThat(
            query(
                "SELECT run_at > now() + interval '4 minutes' FROM queue_messages WHERE id = "
                    + retried))
        .isEqualTo("t");
  }

  @Test
  void deadLettersAreKeptListedAndReplayable() throws Exception {
    long id = enqueue(NewMessage.of("t", "{\"a\":1}").withDedupeKey("once"));
    Claim claim = store.claim("q", 10, LEASE);
    assertThat(store.deadLetter(claim.token(), List.of(new QueueStore.Dead(id, "no luck"))))
        .containsExactly(id);

    List<QueueAdmin.DeadMessage> dead = admin.dead("q", 10);
    assertThat(dead)
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.id()).isEqualTo(id);
              assertThat(message.lastError()).isEqualTo("no luck");
              assertThat(message.attempts()).isEqualTo(1);
              assertThat(message.payload()).isEqualTo("{\"a\": 1}");
            });
    assertThat(admin.stats(List.of("q")).get("q").dead()).isEqualTo(1);

    long blocker = enqueue(NewMessage.of("t", "{}").withDedupeKey("once"));
    assertThat(admin.replay("q", id)).isEqualTo(QueueAdmin.ReplayOutcome.DEDUPE_KEY_PENDING);
    Claim blocking = store.claim("q", 10, LEASE);
    store.ack(blocking.token(), List.of(blocker));

    assertThat(admin.replay("q", id)).isEqualTo(QueueAdmin.ReplayOutcome.REPLAYED);
    assertThat(admin.replay("q", id)).isEqualTo(QueueAdmin.ReplayOutcome.NOT_FOUND);
    Claim again = store.claim("q", 10, LEASE);
    assertThat(ids(again)).containsExactly(id);
    assertThat(again.messages().get(0).attempt()).isEqualTo(1);
  }

  @Test
  void statsCountMessagesByState() throws Exception {
    enqueue(NewMessage.of("t", "{}"));
    enqueue(NewMessage.of("t", "{}"));
    enqueue(NewMessage.of("t", "{}").withDelay(Duration.ofHours(1)));
    store.claim("q", 1, LEASE);

    QueueAdmin.Stats stats = admin.stats(List.of("q", "other")).get("q");

    assertThat(stats.ready()).isEqualTo(1);
    assertThat(stats.delayed()).isEqualTo(1);
    assertThat(stats.claimed()).isEqualTo(1);
    assertThat(stats.depth()).isEqualTo(3);
    assertThat(stats.oldestReadyAge()).isPresent();
    assertThat(admin.stats(List.of("q", "other")).get("other").depth()).isZero();
  }

  private long enqueue(NewMessage message) throws SQLException {
    return enqueuer.enqueue("q", message);
  }

  private void assertRefused(String queue, List<NewMessage> messages, String error) {
    assertThatThrownBy(() -> enqueuer.enqueueAll(queue, messages))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining(error);
    assertThat(count("queue_messages")).isZero();
  }

  private static void expireLeases() {
    postgres.execute(
        "UPDATE queue_messages SET lease_until = now() - interval '1 second' WHERE state = 'claimed'");
  }

  private static List<Long> ids(Claim claim) {
    return claim.messages().stream().map(Message::id).toList();
  }

  private static long count(String table) {
    return Long.parseLong(query("SELECT count(*) FROM " + table));
  }

  private static String query(String sql) {
    return postgres.queryString(sql);
  }
}
