/** The transport benchmark ({@code zennet bench transport}): set-up latency, stream opens, throughput, messages. */
package org.zennet.protocol.bench;
