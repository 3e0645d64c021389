package org.zennet.publisher.schedule;

import java.time.Instant;

/**
 * One run of a task on one provider.
 *
 * @param id unique within the scheduler
 * @param task the task's index
 * @param provider the provider's account
 * @param started when it was handed out
 * @param speculative whether it is a copy of a straggler that is still running elsewhere
 */
public record Assignment(long id, int task, String provider, Instant started, boolean speculative) {}
