/**
 * Zennet commands run as child processes ({@code zennet provide}, {@code zennet watch}, ...): what
 * {@code zennet demo} and the fault-injection tests start, watch and stop by PID.
 */
package org.zennet.cli.process;
