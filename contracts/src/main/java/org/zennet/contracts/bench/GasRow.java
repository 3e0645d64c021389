package org.zennet.contracts.bench;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One line of the gas report: a transaction measured from its receipt (gasUsed, which includes the
 * 21,000 base cost of every transaction), or a figure derived from such measurements.
 *
 * @param id a stable key for scripts that compare two reports ({@code redeem.later})
 * @param function the contract function, or what is derived ({@code per provider per job})
 * @param scenario the state it was measured in
 * @param gas the gas used
 * @param target DESIGN.md's upper bound for this figure, or null where there is none
 * @param anchors published figures of comparable operations in other systems
 * @param status whether the target is met
 * @param reason for a missed target: by how much, and why
 */
public record GasRow(String id, String function, String scenario, long gas, Long target, List<Anchor> anchors,
    Status status, String reason) {

  /** Whether a row meets its target. */
  public enum Status {
    MET("met"), MISSED("MISSED"), NO_TARGET("—");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** What the table shows. */
    public String label() {
      return label;
    }

    /** What the JSON holds: {@code met}, {@code missed}, {@code none}. */
    @JsonValue
    public String json() {
      return this == NO_TARGET ? "none" : name().toLowerCase(Locale.ROOT);
    }
  }

  public GasRow {
    if (id == null || !id.matches("[A-Za-z][A-Za-z0-9.]*")) {
      throw new IllegalArgumentException("a row id is a dotted identifier, got " + id);
    }
    if (gas <= 0) {
      throw new IllegalArgumentException(id + ": gas must be positive, got " + gas);
    }
    anchors = anchors == null ? List.of() : List.copyOf(anchors);
    if (status == null) {
      throw new IllegalArgumentException(id + ": status is missing");
    }
  }

  /**
   * A row whose status follows from {@code gas} and {@code target}. A miss carries the overshoot and
   * {@code knownCause} (null when there is none to give: then the overshoot alone says it).
   */
  public static GasRow of(String id, String function, String scenario, long gas, Long target, List<Anchor> anchors,
      String knownCause) {
    if (target == null) {
      return new GasRow(id, function, scenario, gas, null, anchors, Status.NO_TARGET, null);
    }
    if (gas <= target) {
      return new GasRow(id, function, scenario, gas, target, anchors, Status.MET, null);
    }
    String over = String.format(Locale.ROOT, "%,d over", gas - target);
    return new GasRow(id, function, scenario, gas, target, anchors, Status.MISSED,
        knownCause == null ? over + "; cause not analysed" : over + ": " + knownCause);
  }

  public boolean missed() {
    return status == Status.MISSED;
  }
}
