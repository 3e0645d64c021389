package org.zennet.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.zennet.protocol.varint.UnsignedVarint;

/**
 * The canonical bytes both parties sign for an agreement on {@code /zennet/negotiate/1.0.0}:
 * {@code uvarint(len(domain)) || domain || uvarint(len(terms)) || terms}, with the domain string
 * {@value #DOMAIN} and {@code terms} the serialized {@code AgreementTerms} exactly as received (a
 * signature never covers a re-serialization). The signature itself is a 65-byte secp256k1 signature
 * over the Keccak-256 of these bytes, made with the party's account key.
 */
public final class AgreementSigning {
  /** Domain separation: a signature over an agreement can never be mistaken for another message. */
  public static final String DOMAIN = "/zennet/negotiate/1.0.0/agreement";

  private AgreementSigning() {}

  /** The bytes to hash and sign for {@code terms}. */
  public static byte[] signedBytes(byte[] terms) {
    byte[] domain = DOMAIN.getBytes(StandardCharsets.UTF_8);
    Buffer out = Buffer.buffer(domain.length + terms.length + 2 * UnsignedVarint.MAX_BYTES);
    UnsignedVarint.append(out, domain.length).appendBytes(domain);
    UnsignedVarint.append(out, terms.length).appendBytes(terms);
    return out.getBytes();
  }
}
