// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title JobMarket, the public ledger of Zennet job offers
/// @notice Publishers announce jobs here; providers find them by following {JobPosted} events,
/// fetch the manifest from the publisher's `endpoint`, check it against `manifestHash` and
/// negotiate off chain. The contract keeps only what {closeJob} needs to check its caller: the
/// publisher of each job and whether it is closed. Everything else lives in the event.
interface IJobMarket {
    /// @notice A publisher announced job `jobId`.
    /// @param jobId the new job's id; ids start at 1 and increase by one per job
    /// @param publisher the account that posted the job and signs its payment vouchers
    /// @param manifestHash the SHA-256 of the job manifest the provider fetches from `endpoint`
    /// @param maxPricePerMegaFuel the most the publisher pays per million fuel units, in wei of XEN
    /// @param budget the most the publisher means to spend on the whole job, in wei of XEN
    /// @param acceptBefore providers should not accept the job at or after this unix time (seconds)
    /// @param endpoint the publisher agent's multiaddr
    event JobPosted(
        uint256 indexed jobId,
        address indexed publisher,
        bytes32 manifestHash,
        uint256 maxPricePerMegaFuel,
        uint256 budget,
        uint64 acceptBefore,
        string endpoint
    );

    /// @notice The publisher closed job `jobId`: it takes no more providers.
    /// @param jobId the closed job
    event JobClosed(uint256 indexed jobId);

    /// @notice The manifest hash is zero; post the SHA-256 of the job manifest.
    error JobMarketZeroManifestHash();

    /// @notice `acceptBefore` is not in the future (`blockTime` is the current block's timestamp).
    error JobMarketAcceptBeforeNotInFuture(uint64 acceptBefore, uint256 blockTime);

    /// @notice The endpoint is empty; give the publisher agent's multiaddr.
    error JobMarketEmptyEndpoint();

    /// @notice The endpoint is `length` bytes long but at most `maxLength` are allowed.
    error JobMarketEndpointTooLong(uint256 length, uint256 maxLength);

    /// @notice No job `jobId` was ever posted.
    error JobMarketUnknownJob(uint256 jobId);

    /// @notice `caller` is not the publisher of job `jobId`, so it may not close it.
    error JobMarketNotPublisher(uint256 jobId, address caller);

    /// @notice Job `jobId` is closed already.
    error JobMarketJobAlreadyClosed(uint256 jobId);

    /// @notice Announces a job and returns its id. The caller becomes the job's publisher.
    /// @dev Stores only the publisher (and a closed flag) per job; the offer itself is in {JobPosted}.
    /// Reverts with {JobMarketZeroManifestHash}, {JobMarketAcceptBeforeNotInFuture},
    /// {JobMarketEmptyEndpoint} or {JobMarketEndpointTooLong} on bad input.
    /// @param manifestHash the SHA-256 of the job manifest; must not be zero
    /// @param maxPricePerMegaFuel the most the publisher pays per million fuel units, in wei of XEN
    /// @param budget the most the publisher means to spend on the whole job, in wei of XEN
    /// @param acceptBefore unix time (seconds) after which providers should not accept; must be in the future
    /// @param endpoint the publisher agent's multiaddr; 1 to {MAX_ENDPOINT_LENGTH} bytes
    /// @return jobId the new job's id (the first job is 1)
    function postJob(
        bytes32 manifestHash,
        uint256 maxPricePerMegaFuel,
        uint256 budget,
        uint64 acceptBefore,
        string calldata endpoint
    ) external returns (uint256 jobId);

    /// @notice Closes job `jobId`: providers should no longer accept it. Only its publisher may.
    /// @dev Reverts with {JobMarketUnknownJob}, {JobMarketNotPublisher} or {JobMarketJobAlreadyClosed}.
    /// Closing a job does not touch any payment channel opened for it.
    /// @param jobId the job to close
    function closeJob(uint256 jobId) external;

    /// @notice The publisher of job `jobId` and whether it is closed.
    /// @param jobId the job to look up
    /// @return publisher the job's publisher, or the zero address if no such job was posted
    /// @return closed whether the publisher closed the job
    function jobInfo(uint256 jobId) external view returns (address publisher, bool closed);

    /// @notice How many jobs were ever posted; this is also the id of the newest one.
    /// @return the number of jobs posted so far
    function jobCount() external view returns (uint256);

    /// @notice The longest endpoint {postJob} accepts, in bytes.
    /// @return the maximum endpoint length in bytes
    function MAX_ENDPOINT_LENGTH() external view returns (uint256);
}
