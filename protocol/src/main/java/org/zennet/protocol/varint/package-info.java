/**
 * Multiformats unsigned varints: minimal LEB128 without sign, at most 9 bytes (63 bits).
 */
package org.zennet.protocol.varint;
