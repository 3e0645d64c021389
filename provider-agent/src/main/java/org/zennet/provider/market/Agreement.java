package org.zennet.provider.market;

import java.math.BigInteger;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.JobManifest;

/**
 * A job's agreement as both parties signed it, with what the provider checked it against.
 *
 * @param jobId the job on chain
 * @param publisher its publisher's account, 0x-hex lower case
 * @param peer the publisher's PeerId (its account key)
 * @param endpoint the publisher's multiaddr as posted
 * @param manifestBytes the manifest as received, its SHA-256 the posted hash
 * @param manifest the parsed manifest
 * @param terms the {@code AgreementTerms} bytes both signed
 * @param price XEN wei per million fuel
 * @param slots tasks at once
 * @param incrementMegaFuel the payment increment
 * @param deposit what the publisher locks in the channel, wei
 * @param expiresAt unix seconds: the agreement is void if no channel opens by then
 */
public record Agreement(BigInteger jobId, String publisher, PeerId peer, String endpoint, byte[] manifestBytes,
    JobManifest manifest, byte[] terms, byte[] publisherSignature, byte[] providerSignature, BigInteger price,
    int slots, long incrementMegaFuel, BigInteger deposit, long expiresAt) {}
