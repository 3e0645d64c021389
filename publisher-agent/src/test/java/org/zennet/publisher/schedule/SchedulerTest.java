package org.zennet.publisher.schedule;

import org.zennet.contracts.testkit.SteppedClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final SteppedClock clock = new SteppedClock();
  private static final TaskOutcome GOOD = outcome('a', 100);
  private static final TaskOutcome BAD = outcome('b', 100);

  private static TaskOutcome outcome(char hash, long fuel) {
    return new TaskOutcome(String.valueOf(hash).repeat(64), fuel, 0, 10);
  }

  private Scheduler scheduler(int tasks, int... sampled) {
    BitSet s = new BitSet();
    for (int i : sampled) {
      s.set(i);
    }
    return new Scheduler(tasks, s, new SchedulerConfig(Duration.ofSeconds(60), 3, 5, Duration.ofSeconds(2),
        Duration.ofSeconds(30)), clock);
  }

  private static Assignment take(Scheduler s, String provider) {
    return s.next(provider).orElseThrow(() -> new AssertionError(provider + " got no work"));
  }

  @Test
  void handsOutTasksInOrderUpToEachProvidersSlots() {
    Scheduler s = scheduler(5);
    s.addProvider("p1", 2);
    s.addProvider("p2", 1);
    Assignment a = take(s, "p1");
    Assignment b = take(s, "p1");
    assertThat(s.next("p1")).isEmpty();
    Assignment c = take(s, "p2");
    assertThat(List.of(a.task(), b.task(), c.task())).containsExactly(0, 1, 2);
    assertThat(s.completed(a, GOOD).settled()).contains(GOOD);
    assertThat(take(s, "p1").task()).isEqualTo(3);
    assertThat(s.next("stranger")).isEmpty();
  }

  @Test
  void finishesWhenEveryTaskIsSettled() {
    Scheduler s = scheduler(3);
    s.addProvider("p", 3);
    List<Assignment> all = List.of(take(s, "p"), take(s, "p"), take(s, "p"));
    assertThat(s.next("p")).isEmpty();
    all.forEach(a -> s.completed(a, GOOD));
    assertThat(s.isFinished()).isTrue();
    assertThat(s.settledCount()).isEqualTo(3);
    assertThat(s.outcome(1)).contains(GOOD);
  }

  @Test
  void aSampledTaskNeedsTwoAgreeingResultsFromDifferentProviders() {
    Scheduler s = scheduler(1, 0);
    s.addProvider("p1", 4);
    s.addProvider("p2", 4);
    Assignment first = take(s, "p1");
    assertThat(s.next("p1")).as("the same provider never runs a task twice").isEmpty();
    Assignment second = take(s, "p2");
    assertThat(second.task()).isZero();
    assertThat(s.completed(first, GOOD).settled()).isEmpty();
    Scheduler.Verdict v = s.completed(second, GOOD);
    assertThat(v.settled()).contains(GOOD);
    assertThat(v.cheaters()).isEmpty();
    assertThat(s.agreeing(0)).containsExactlyInAnyOrder("p1", "p2");
  }

  @Test
  void aMismatchGoesToAThirdProviderAndTheMinorityIsTheCheater() {
    Scheduler s = scheduler(1, 0);
    s.addProvider("honest", 1);
    s.addProvider("cheat", 1);
    Assignment h = take(s, "honest");
    Assignment c = take(s, "cheat");
    s.completed(h, GOOD);
    assertThat(s.completed(c, BAD).settled()).isEmpty();
    assertThat(s.next("honest")).isEmpty();
    s.addProvider("judge", 1);
    Assignment j = take(s, "judge");
    Scheduler.Verdict v = s.completed(j, GOOD);
    assertThat(v.settled()).contains(GOOD);
    assertThat(v.cheaters()).containsExactly("cheat");
  }

  @Test
  void inflatedFuelIsAMismatchToo() {
    Scheduler s = scheduler(1, 0);
    s.addProvider("a", 1);
    s.addProvider("b", 1);
    s.addProvider("c", 1);
    s.completed(take(s, "a"), GOOD);
    s.completed(take(s, "b"), outcome('a', 999));
    assertThat(s.completed(take(s, "c"), GOOD).cheaters()).containsExactly("b");
  }

  @Test
  void banningAProviderRerunsWhatOnlyItSettled() {
    Scheduler s = scheduler(3, 0);
    s.addProvider("cheat", 2);
    s.addProvider("honest", 1);
    Assignment c0 = take(s, "cheat"); // task 0, sampled
    Assignment c0b = take(s, "cheat"); // task 1
    assertThat(c0b.task()).isEqualTo(1);
    Assignment h0 = take(s, "honest"); // task 0 replica
    assertThat(h0.task()).isZero();
    s.completed(c0b, BAD);
    assertThat(s.outcome(1)).contains(BAD);
    s.completed(c0, BAD);
    s.completed(h0, GOOD);
    s.addProvider("judge", 1);
    Scheduler.Verdict v = s.completed(take(s, "judge"), GOOD);
    assertThat(v.cheaters()).containsExactly("cheat");

    assertThat(s.ban("cheat")).containsExactly(1);
    assertThat(s.outcome(1)).isEmpty();
    assertThat(s.next("cheat")).isEmpty();
    Assignment redo = take(s, "honest");
    assertThat(redo.task()).isEqualTo(1);
    s.completed(redo, GOOD);
    Assignment last = take(s, "judge");
    s.completed(last, GOOD);
    assertThat(s.isFinished()).isTrue();
    assertThat(s.outcome(1)).contains(GOOD);
  }

  @Test
  void aFailedRunIsRetriedElsewhereAndATaskFailsAfterMaxAttempts() {
    Scheduler s = scheduler(1);
    for (String p : List.of("p1", "p2", "p3", "p4")) {
      s.addProvider(p, 1);
    }
    s.failed(take(s, "p1"), true);
    assertThat(s.next("p1")).isEmpty();
    s.failed(take(s, "p2"), true);
    s.failed(take(s, "p3"), true);
    assertThat(s.next("p4")).isEmpty();
    assertThat(s.failedTasks()).containsExactly(0);
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void aBusyProviderMayBeAskedAgainAndItDoesNotCount() {
    Scheduler s = scheduler(1);
    s.addProvider("p", 1);
    s.failed(take(s, "p"), false);
    s.failed(take(s, "p"), false);
    s.failed(take(s, "p"), false);
    Assignment again = take(s, "p");
    assertThat(s.completed(again, GOOD).settled()).contains(GOOD);
  }

  @Test
  void aProviderThatLeavesLosesItsRuns() {
    Scheduler s = scheduler(2);
    s.addProvider("gone", 2);
    take(s, "gone");
    take(s, "gone");
    assertThat(s.removeProvider("gone")).hasSize(2);
    s.addProvider("late", 2);
    Assignment a = take(s, "late");
    Assignment b = take(s, "late");
    assertThat(Set.of(a.task(), b.task())).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void aRunPastTheTimeoutIsGivenUpAndRetriedElsewhere() {
    Scheduler s = scheduler(1);
    s.addProvider("slow", 1);
    s.addProvider("fast", 1);
    Assignment slow = take(s, "slow");
    clock.step(Duration.ofSeconds(59));
    assertThat(s.tick()).isEmpty();
    clock.step(Duration.ofSeconds(1));
    assertThat(s.tick()).containsExactly(slow);
    Assignment retry = take(s, "fast");
    assertThat(s.completed(slow, BAD).settled()).as("a late answer after the timeout is ignored").isEmpty();
    assertThat(s.completed(retry, GOOD).settled()).contains(GOOD);
  }

  @Test
  void stragglersAreCopiedToIdleProvidersAtTheTail() {
    Scheduler s = scheduler(3);
    s.addProvider("fast", 1);
    s.addProvider("slow", 1);
    Assignment straggler = take(s, "slow"); // task 0
    for (int i = 0; i < 2; i++) {
      Assignment a = take(s, "fast");
      clock.step(Duration.ofSeconds(1));
      s.completed(a, GOOD);
    }
    assertThat(s.next("fast")).as("not yet a straggler: 2 s, twice the 1 s median").isEmpty();
    clock.step(Duration.ofMillis(100));
    Assignment copy = take(s, "fast");
    assertThat(copy.task()).isEqualTo(straggler.task());
    assertThat(copy.speculative()).isTrue();
    assertThat(s.completed(copy, GOOD).settled()).contains(GOOD);
    assertThat(s.isFinished()).isFalse();
    assertThat(s.completed(straggler, GOOD).settled()).as("the late copy agrees: nothing changes").isEmpty();
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void aLateDisagreeingCopyReopensTheTask() {
    Scheduler s = scheduler(1);
    s.addProvider("a", 1);
    s.addProvider("b", 1);
    s.addProvider("c", 1);
    Assignment slow = take(s, "a");
    clock.step(Duration.ofSeconds(31));
    Assignment copy = take(s, "b");
    s.completed(copy, GOOD);
    assertThat(s.completed(slow, BAD).settled()).isEmpty();
    assertThat(s.outcome(0)).isEmpty();
    Scheduler.Verdict v = s.completed(take(s, "c"), GOOD);
    assertThat(v.settled()).contains(GOOD);
    assertThat(v.cheaters()).containsExactly("a");
  }

  @Test
  void withASingleProviderAReplicaIsDroppedAfterTheWaitAndTheTaskAcceptedUnverified() {
    Scheduler s = scheduler(2, 1);
    s.addProvider("only", 2);
    List<Assignment> runs = new ArrayList<>(List.of(take(s, "only"), take(s, "only")));
    runs.forEach(a -> s.completed(a, GOOD));
    assertThat(s.next("only")).isEmpty();
    s.tick();
    clock.step(Duration.ofSeconds(30));
    s.tick();
    assertThat(s.outcome(1)).contains(GOOD);
    assertThat(s.unverified(1)).isTrue();
    assertThat(s.isFinished()).isTrue();
    // the caller learns of it once, to keep the lone result as the task's map output
    assertThat(s.takeAcceptedUnverified()).containsExactly(1);
    assertThat(s.agreeing(1)).containsExactly("only");
    assertThat(s.takeAcceptedUnverified()).isEmpty();
  }

  @Test
  void tasksWaitForTheFirstProviderInsteadOfFailingAfterTheVerificationWait() {
    Scheduler s = scheduler(3, 1);
    s.tick();
    clock.step(Duration.ofSeconds(31));
    s.tick();
    clock.step(Duration.ofMinutes(5));
    s.tick();
    assertThat(s.failedCount()).as("no provider has come yet: nothing is given up").isZero();
    s.addProvider("late", 3);
    assertThat(List.of(take(s, "late").task(), take(s, "late").task(), take(s, "late").task()))
        .containsExactly(0, 1, 2);
  }

  @Test
  void tasksWaitWhileEveryProviderIsAway() {
    Scheduler s = scheduler(2);
    s.addProvider("p", 1);
    Assignment a = take(s, "p");
    assertThat(s.removeProvider("p")).containsExactly(a);
    s.tick();
    clock.step(Duration.ofSeconds(31));
    s.tick();
    assertThat(s.failedCount()).isZero();
    s.addProvider("q", 2);
    assertThat(List.of(take(s, "q").task(), take(s, "q").task())).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void restoredTasksAreNotHandedOut() {
    Scheduler s = scheduler(2);
    s.restore(0, GOOD);
    s.addProvider("p", 2);
    assertThat(take(s, "p").task()).isEqualTo(1);
    assertThat(s.next("p")).isEqualTo(Optional.empty());
  }
}
