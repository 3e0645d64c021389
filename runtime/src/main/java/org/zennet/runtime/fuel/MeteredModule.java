package org.zennet.runtime.fuel;

/**
 * A module with fuel metering added by {@link FuelInstrumenter}.
 *
 * @param bytes the instrumented module
 * @param fuelGlobalIndex the index of the fuel global (the highest global index)
 * @param fuelGlobalOrdinal its position among the globals the module defines (0-based; imported globals
 *     are not counted), which is how an instantiating runtime recognises it
 * @param segments how many metered segments the code has
 */
public record MeteredModule(byte[] bytes, int fuelGlobalIndex, int fuelGlobalOrdinal, int segments) {}
