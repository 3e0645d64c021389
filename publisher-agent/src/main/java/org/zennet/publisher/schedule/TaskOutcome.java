package org.zennet.publisher.schedule;

/**
 * What a provider answered for a task: the SHA-256 of its output, the fuel it reports and its exit code.
 * Two honest providers give equal outcomes for the same task; verification compares these.
 *
 * @param outputSha256 lower-case hex
 * @param fuelUsed the fuel reported
 * @param exitCode the task's exit code
 * @param outputSize the output's length in bytes
 */
public record TaskOutcome(String outputSha256, long fuelUsed, int exitCode, long outputSize) {
  public TaskOutcome {
    if (outputSha256 == null || !outputSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("outputSha256 must be 64 lower-case hex digits");
    }
    if (fuelUsed < 0 || outputSize < 0) {
      throw new IllegalArgumentException("fuel and output size must not be negative");
    }
  }
}
