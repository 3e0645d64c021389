// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title JobMarket
/// @notice The public ledger of Zennet job offers: publishers post jobs, providers follow the
/// {JobPosted} events. The contract has no owner and holds no money.
/// @dev On-chain state is one storage slot per job (publisher address and closed flag, packed) plus
/// the job counter. The announcement itself (manifest hash, prices, deadline, endpoint) lives only in
/// the event, which is what providers filter on.
contract JobMarket is IJobMarket {
    /// @dev What {closeJob} needs to check its caller; 160 + 8 bits, one slot.
    struct Job {
        address publisher;
        bool closed;
    }

    /// @inheritdoc IJobMarket
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    /// @dev The id of the newest job; 0 while none was posted.
    uint256 private _jobCount;

    /// @dev Job id => publisher and closed flag. A zero publisher means "no such job".
    mapping(uint256 jobId => Job) private _jobs;

    /// @inheritdoc IJobMarket
    function postJob(
        bytes32 manifestHash,
        uint256 maxPricePerMegaFuel,
        uint256 budget,
        uint64 acceptBefore,
        string calldata endpoint
    ) external returns (uint256 jobId) {
        if (manifestHash == bytes32(0)) {
            revert JobMarketZeroManifestHash();
        }
        if (acceptBefore <= block.timestamp) {
            revert JobMarketAcceptBeforeNotInFuture(acceptBefore, block.timestamp);
        }
        uint256 length = bytes(endpoint).length;
        if (length == 0) {
            revert JobMarketEmptyEndpoint();
        }
        if (length > MAX_ENDPOINT_LENGTH) {
            revert JobMarketEndpointTooLong(length, MAX_ENDPOINT_LENGTH);
        }
        jobId = ++_jobCount;
        _jobs[jobId] = Job({publisher: msg.sender, closed: false});
        emit JobPosted(jobId, msg.sender, manifestHash, maxPricePerMegaFuel, budget, acceptBefore, endpoint);
    }

    /// @inheritdoc IJobMarket
    function closeJob(uint256 jobId) external {
        Job storage job = _jobs[jobId];
        address publisher = job.publisher;
        if (publisher == address(0)) {
            revert JobMarketUnknownJob(jobId);
        }
        if (publisher != msg.sender) {
            revert JobMarketNotPublisher(jobId, msg.sender);
        }
        if (job.closed) {
            revert JobMarketJobAlreadyClosed(jobId);
        }
        job.closed = true;
        emit JobClosed(jobId);
    }

    /// @inheritdoc IJobMarket
    function jobInfo(uint256 jobId) external view returns (address publisher, bool closed) {
        Job storage job = _jobs[jobId];
        return (job.publisher, job.closed);
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }
}
