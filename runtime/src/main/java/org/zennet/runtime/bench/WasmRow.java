package org.zennet.runtime.bench;

/**
 * One kernel's figures: medians of the measured runs, in milliseconds (instantiation and {@code _start}).
 *
 * @param kernel the kernel's id
 * @param unmeteredMillis Chicory's compiler, module not instrumented
 * @param meteredMillis Chicory's compiler, module instrumented for fuel (what a provider runs)
 * @param v8Millis Node's V8 through node:wasi, null when Node was not available
 * @param fuel the fuel one run uses
 * @param sameOutput whether V8's output equals Chicory's (null without V8)
 */
public record WasmRow(String kernel, double unmeteredMillis, double meteredMillis, Double v8Millis, long fuel,
    Boolean sameOutput) {

  public double meteredOverUnmetered() {
    return meteredMillis / unmeteredMillis;
  }

  /** Null without V8. */
  public Double meteredOverV8() {
    return v8Millis == null ? null : meteredMillis / v8Millis;
  }

  public long fuelPerSecond() {
    return (long) (fuel / (meteredMillis / 1000.0));
  }
}
