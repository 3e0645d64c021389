/**
 * The job manifest: the document a publisher serves on {@code /zennet/negotiate/1.0.0} and whose
 * SHA-256 it posts on chain. Providers read it to decide whether a job fits their policy; the format is
 * in {@code docs/wire-protocol.md}.
 */
package org.zennet.protocol.manifest;
