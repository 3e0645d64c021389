package org.zennet.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/**
 * A module ready to instantiate: checked, instrumented for fuel and compiled, as the cache keeps it.
 *
 * @param sha256 the hash of the original module
 * @param module the parsed (instrumented) module
 * @param machineFactory Chicory's compiled machine (or its interpreter)
 * @param fuelGlobalIndex the fuel global's index, -1 without metering
 * @param fuelGlobalOrdinal its position among the module's defined globals, -1 without metering
 */
record PreparedModule(String sha256, WasmModule module, Function<Instance, Machine> machineFactory,
    int fuelGlobalIndex, int fuelGlobalOrdinal) {

  boolean metered() {
    return fuelGlobalIndex >= 0;
  }
}
