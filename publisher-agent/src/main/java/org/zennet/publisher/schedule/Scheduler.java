package org.zennet.publisher.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which provider runs which task, and when a task is done: the publisher's work queue, retries,
 * speculative copies of stragglers, and verification by replication. Pure logic on an injected clock;
 * thread-safe (every method is synchronized), so provider connections on any thread may call it.
 *
 * <p>Rules:
 * <ul>
 *   <li>Each provider gets at most its slots of runs at once, pulled with {@link #next}.
 *   <li>A task is settled by one result, or by two agreeing results from different providers when it is
 *       sampled for replication. Results agree when output hash, fuel and exit code are all equal. When
 *       results of a task disagree (a replica, or a speculative copy), more runs are made until one outcome
 *       has at least two providers and a strict majority; the providers of the other outcomes are reported
 *       as cheaters ({@link Verdict#cheaters()}). No provider runs the same task twice.
 *   <li>A failed or timed-out run is retried elsewhere; after {@code maxAttempts} failures the task fails.
 *       A provider that leaves loses its runs, which go back to the queue.
 *   <li>When the queue is empty, a run that has taken longer than twice the median (and at least
 *       {@code speculateAfterMin}) is copied to an idle provider; the first result settles the task.
 *   <li>A banned provider's runs are dropped, and every task it alone settled is run again.
 * </ul>
 */
public final class Scheduler {
  private final SchedulerConfig config;
  private final Clock clock;
  private final List<Integer> acceptedUnverified = new ArrayList<>();
  private final TaskState[] tasks;
  /** One entry per run still to be handed out; a task appears as often as it needs runs. */
  private final ArrayDeque<Integer> ready = new ArrayDeque<>();
  private final Map<String, Provider> providers = new HashMap<>();
  private final Set<String> banned = new HashSet<>();
  private final LinkedHashMap<Long, Assignment> running = new LinkedHashMap<>();
  private final List<Long> durations = new ArrayList<>();
  private long nextId = 1;
  private int settled;
  private int failed;

  private static final class Provider {
    final int slots;
    int running;

    Provider(int slots) {
      this.slots = slots;
    }
  }

  private static final class TaskState {
    final boolean sampled;
    final Map<String, TaskOutcome> results = new LinkedHashMap<>();
    final Set<String> tried = new HashSet<>();
    int queued;
    int runningCount;
    int failures;
    boolean speculated;
    TaskOutcome settledOutcome;
    boolean failedForGood;
    boolean unverified;
    Instant waitingSince;

    TaskState(boolean sampled) {
      this.sampled = sampled;
    }

    boolean open() {
      return settledOutcome == null && !failedForGood;
    }
  }

  /**
   * What a result did.
   *
   * @param task the task
   * @param settled the outcome the task is settled with, when this result settled it
   * @param cheaters providers whose results for this task lost to the settled outcome
   */
  public record Verdict(int task, Optional<TaskOutcome> settled, Set<String> cheaters) {
    static Verdict pending(int task) {
      return new Verdict(task, Optional.empty(), Set.of());
    }
  }

  /**
   * @param taskCount tasks 0 .. taskCount-1
   * @param sampled the tasks replicated for verification
   */
  public Scheduler(int taskCount, BitSet sampled, SchedulerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.tasks = new TaskState[taskCount];
    for (int i = 0; i < taskCount; i++) {
      tasks[i] = new TaskState(sampled.get(i));
      enqueue(i, tasks[i].sampled ? 2 : 1, false);
    }
  }

  /** Marks task {@code task} settled with {@code outcome} (when resuming a job whose task was done before). */
  public synchronized void restore(int task, TaskOutcome outcome) {
    TaskState t = tasks[task];
    if (t.settledOutcome != null) {
      return;
    }
    ready.removeIf(i -> i == task);
    t.queued = 0;
    t.settledOutcome = outcome;
    settled++;
  }

  /** A provider joins with {@code slots} runs at once. */
  public synchronized void addProvider(String provider, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a provider needs at least one slot");
    }
    if (!banned.contains(provider)) {
      providers.putIfAbsent(provider, new Provider(slots));
    }
  }

  /** A provider left (gone, stopped answering): its runs go back to the queue. @return those runs */
  public synchronized List<Assignment> removeProvider(String provider) {
    providers.remove(provider);
    List<Assignment> lost = new ArrayList<>();
    for (Iterator<Assignment> it = running.values().iterator(); it.hasNext(); ) {
      Assignment a = it.next();
      if (a.provider().equals(provider)) {
        it.remove();
        lost.add(a);
        TaskState t = tasks[a.task()];
        t.runningCount--;
        if (t.open()) {
          enqueue(a.task(), 1, true);
        }
      }
    }
    return lost;
  }

  /**
   * Cuts a provider off: it gets no more work, its runs are dropped, its results count for nothing, and every
   * task that only its results settled runs again.
   *
   * @return the tasks reopened
   */
  public synchronized List<Integer> ban(String provider) {
    banned.add(provider);
    removeProvider(provider);
    List<Integer> reopened = new ArrayList<>();
    for (int i = 0; i < tasks.length; i++) {
      TaskState t = tasks[i];
      TaskOutcome own = t.results.remove(provider);
      if (own == null || t.settledOutcome == null || !own.equals(t.settledOutcome)) {
        continue;
      }
      long support = t.results.values().stream().filter(own::equals).count();
      if (support < (t.sampled ? 2 : 1)) {
        t.settledOutcome = null;
        t.unverified = false;
        settled--;
        enqueue(i, 1, true);
        reopened.add(i);
      }
    }
    return reopened;
  }

  /** @return whether {@code provider} was banned */
  public synchronized boolean isBanned(String provider) {
    return banned.contains(provider);
  }

  /**
   * A run for {@code provider}, when it has a free slot and there is work it may do: queued runs first, in
   * task order, then a copy of a straggler when the queue is empty.
   */
  public synchronized Optional<Assignment> next(String provider) {
    Provider p = providers.get(provider);
    if (p == null || p.running >= p.slots) {
      return Optional.empty();
    }
    for (Iterator<Integer> it = ready.iterator(); it.hasNext(); ) {
      int i = it.next();
      TaskState t = tasks[i];
      if (!t.open()) {
        it.remove();
        continue;
      }
      if (!t.tried.contains(provider)) {
        it.remove();
        t.queued--;
        return Optional.of(start(i, provider, p, false));
      }
    }
    return straggler(provider).map(i -> start(i, provider, p, true));
  }

  private Optional<Integer> straggler(String provider) {
    Instant now = clock.instant();
    Duration threshold = speculateAfter();
    for (Assignment a : running.values()) {
      if (Duration.between(a.started(), now).compareTo(threshold) <= 0) {
        break; // runs are in start order: the rest are younger
      }
      TaskState t = tasks[a.task()];
      if (t.open() && !t.speculated && !t.tried.contains(provider) && t.queued == 0) {
        t.speculated = true;
        return Optional.of(a.task());
      }
    }
    return Optional.empty();
  }

  private Duration speculateAfter() {
    if (durations.isEmpty()) {
      return config.taskTimeout().compareTo(config.speculateAfterMin()) > 0 ? config.taskTimeout().dividedBy(2)
          : config.speculateAfterMin();
    }
    List<Long> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    Duration twiceMedian = Duration.ofNanos(2 * sorted.get(sorted.size() / 2));
    return twiceMedian.compareTo(config.speculateAfterMin()) > 0 ? twiceMedian : config.speculateAfterMin();
  }

  private Assignment start(int task, String provider, Provider p, boolean speculative) {
    TaskState t = tasks[task];
    t.tried.add(provider);
    t.runningCount++;
    t.waitingSince = null;
    p.running++;
    Assignment a = new Assignment(nextId++, task, provider, clock.instant(), speculative);
    running.put(a.id(), a);
    return a;
  }

  private boolean finish(Assignment a) {
    if (running.remove(a.id()) == null) {
      return false;
    }
    tasks[a.task()].runningCount--;
    Provider p = providers.get(a.provider());
    if (p != null) {
      p.running--;
    }
    return true;
  }

  /** A provider answered a run with a result. */
  public synchronized Verdict completed(Assignment a, TaskOutcome outcome) {
    if (!finish(a) || banned.contains(a.provider())) {
      return Verdict.pending(a.task());
    }
    durations.add(Duration.between(a.started(), clock.instant()).toNanos());
    if (durations.size() > 1000) {
      durations.remove(0);
    }
    TaskState t = tasks[a.task()];
    t.results.put(a.provider(), outcome);
    return judge(a.task(), t);
  }

  private Verdict judge(int task, TaskState t) {
    Map<TaskOutcome, Integer> votes = new HashMap<>();
    t.results.values().forEach(o -> votes.merge(o, 1, Integer::sum));
    boolean disagreement = votes.size() > 1;
    int needed = disagreement || t.sampled ? 2 : 1;
    TaskOutcome leader = null;
    int best = 0;
    boolean tie = false;
    for (Map.Entry<TaskOutcome, Integer> e : votes.entrySet()) {
      if (e.getValue() > best) {
        leader = e.getKey();
        best = e.getValue();
        tie = false;
      } else if (e.getValue() == best) {
        tie = true;
      }
    }
    if (leader != null && best >= needed && !tie && best * 2 > t.results.size()) {
      boolean wasOpen = t.open();
      boolean changed = !leader.equals(t.settledOutcome);
      if (wasOpen) {
        settled++;
      }
      t.settledOutcome = leader;
      t.failedForGood = false;
      ready.removeIf(i -> i == task);
      t.queued = 0;
      Set<String> cheaters = new HashSet<>();
      TaskOutcome winner = leader;
      t.results.forEach((provider, o) -> {
        if (!o.equals(winner)) {
          cheaters.add(provider);
        }
      });
      return new Verdict(task, wasOpen || changed ? Optional.of(leader) : Optional.empty(), cheaters);
    }
    // not settled (or no longer: a late result disagreed with a settled one)
    if (!t.open()) {
      t.settledOutcome = null;
      settled--;
    }
    ensureRuns(task, t, Math.max(needed - best, 1));
    return Verdict.pending(task);
  }

  /** Queues runs until {@code stillNeeded} are queued or running, within {@code maxRuns}; fails a task that is out of runs. */
  private void ensureRuns(int task, TaskState t, int stillNeeded) {
    int inFlight = t.queued + t.runningCount;
    if (t.results.size() + inFlight >= config.maxRuns()) {
      if (inFlight == 0) {
        fail(task, t);
      }
      return;
    }
    if (inFlight < stillNeeded) {
      enqueue(task, stillNeeded - inFlight, true);
    }
  }

  /**
   * A run failed: the provider answered with an error, or the connection broke during the run.
   *
   * @param countsAgainstTask false when the failure says nothing about the task (the provider was busy or
   *     waiting for payment); such a run is retried without counting it and may go to the same provider again
   */
  public synchronized void failed(Assignment a, boolean countsAgainstTask) {
    if (!finish(a)) {
      return;
    }
    TaskState t = tasks[a.task()];
    if (!countsAgainstTask) {
      t.tried.remove(a.provider());
    } else {
      t.failures++;
    }
    if (!t.open()) {
      return;
    }
    if (!t.results.isEmpty()) {
      judge(a.task(), t);
    } else if (t.failures >= config.maxAttempts()) {
      if (t.runningCount == 0 && t.queued == 0) {
        fail(a.task(), t);
      }
    } else {
      ensureRuns(a.task(), t, t.sampled ? 2 : 1);
    }
  }

  private void fail(int task, TaskState t) {
    if (t.open()) {
      t.failedForGood = true;
      failed++;
      ready.removeIf(i -> i == task);
      t.queued = 0;
    }
  }

  /**
   * Time passes: runs older than the task timeout are given up (and retried elsewhere); replicas that no
   * active provider may run for {@code verificationWait} (there are providers, and each has run the task) are
   * dropped and their tasks accepted unverified. While no provider is connected, tasks simply wait.
   *
   * @return the runs given up, so that the caller can stop waiting for them
   */
  public synchronized List<Assignment> tick() {
    Instant now = clock.instant();
    List<Assignment> expired = new ArrayList<>();
    for (Assignment a : running.values()) {
      if (Duration.between(a.started(), now).compareTo(config.taskTimeout()) >= 0) {
        expired.add(a);
      }
    }
    expired.forEach(a -> failed(a, true));
    for (int i : new java.util.LinkedHashSet<>(ready)) {
      TaskState t = tasks[i];
      if (!t.open() || t.runningCount > 0) {
        continue;
      }
      // with no provider at all (none has come yet, or every one is away) nobody may run it: that is no
      // sign that it cannot be verified, so the wait only runs while providers are here and have all tried it
      if (providers.isEmpty() || providers.keySet().stream().anyMatch(p -> !t.tried.contains(p))) {
        t.waitingSince = null;
      } else if (t.waitingSince == null) {
        t.waitingSince = now;
      } else if (Duration.between(t.waitingSince, now).compareTo(config.verificationWait()) >= 0) {
        // no provider that may run it has come for a while: accept a lone result unverified, else give up
        ready.removeIf(x -> x == i);
        t.queued = 0;
        if (!t.results.isEmpty() && t.results.values().stream().distinct().count() == 1) {
          t.settledOutcome = t.results.values().iterator().next();
          t.unverified = true;
          settled++;
          acceptedUnverified.add(i);
        } else {
          fail(i, t);
        }
      }
    }
    return expired;
  }

  /**
   * The tasks {@link #tick} accepted unverified since the last call: they are settled, and their lone result is
   * to be kept like any settled task's.
   */
  public synchronized List<Integer> takeAcceptedUnverified() {
    List<Integer> out = List.copyOf(acceptedUnverified);
    acceptedUnverified.clear();
    return out;
  }

  private void enqueue(int task, int runs, boolean front) {
    TaskState t = tasks[task];
    for (int k = 0; k < runs; k++) {
      if (front) {
        ready.addFirst(task);
      } else {
        ready.addLast(task);
      }
      t.queued++;
    }
  }

  /** @return the outcome task {@code task} is settled with, if it is */
  public synchronized Optional<TaskOutcome> outcome(int task) {
    return Optional.ofNullable(tasks[task].settledOutcome);
  }

  /** @return whether task {@code task} was accepted without a replica (no second provider could run it) */
  public synchronized boolean unverified(int task) {
    return tasks[task].unverified;
  }

  /** @return the providers whose result for {@code task} equals the settled outcome */
  public synchronized Set<String> agreeing(int task) {
    TaskState t = tasks[task];
    Set<String> out = new HashSet<>();
    t.results.forEach((p, o) -> {
      if (o.equals(t.settledOutcome)) {
        out.add(p);
      }
    });
    return out;
  }

  /** @return the runs under way */
  public synchronized Collection<Assignment> running() {
    return List.copyOf(running.values());
  }

  /** @return tasks settled */
  public synchronized int settledCount() {
    return settled;
  }

  /** @return tasks given up */
  public synchronized int failedCount() {
    return failed;
  }

  /** @return the tasks given up */
  public synchronized List<Integer> failedTasks() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tasks.length; i++) {
      if (tasks[i].failedForGood) {
        out.add(i);
      }
    }
    return out;
  }

  /** @return the number of tasks */
  public int taskCount() {
    return tasks.length;
  }

  /** @return whether every task is settled or given up, and no run is under way */
  public synchronized boolean isFinished() {
    return settled + failed == tasks.length && running.isEmpty();
  }

  /** @return the active providers */
  public synchronized Set<String> providers() {
    return Set.copyOf(providers.keySet());
  }

  /** @return whether there is work {@code provider} could be given now or later (so it should keep asking) */
  public synchronized boolean hasWorkFor(String provider) {
    return !isFinished() && providers.containsKey(provider);
  }
}
