// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IValidatorElection} from "../interfaces/IValidatorElection.sol";

/// @title ValidatorElection
/// @notice XEN holders elect the QBFT validators of a Zennet chain: delegated proof of stake read by
/// Besu's contract validator mode. See {IValidatorElection} for the rules.
/// @dev Every parameter lives in storage, none in an immutable: `zennet chain init --election` places
/// this contract's runtime bytecode in the genesis `alloc` and writes its storage from solc's storage
/// layout, and the constructor never runs there. Immutables would be missing from that bytecode.
///
/// Gas: {rotate} reads each registered candidate (its address and its votes: two cold slots) and keeps
/// the best {maxValidators} in memory by insertion, so it costs O(maxCandidates * maxValidators) memory
/// work plus about 4,200 gas per candidate; the cap {maxCandidates} (at most {MAX_CANDIDATES_LIMIT})
/// bounds it. Every other call touches a constant number of slots.
contract ValidatorElection is IValidatorElection, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The highest candidate cap the constructor accepts.
    uint256 public constant MAX_CANDIDATES_LIMIT = 256;

    /// @notice The largest active set (and genesis set) the constructor accepts.
    uint256 public constant MAX_VALIDATORS_LIMIT = 64;

    /// @notice The longest unbonding period the constructor accepts, in seconds (one year).
    uint64 public constant MAX_UNBONDING_PERIOD = 365 days;

    /// @dev A registered candidate's operator and its place in `_candidates` (1-based; 0: not registered).
    struct Candidate {
        address operator;
        uint32 position;
    }

    /// @dev A holder's stake: bonded, delegated to `delegatee`; and what is unbonding until `releaseAt`.
    struct Stake {
        uint256 bonded;
        address delegatee;
        uint64 releaseAt;
        uint256 unbonding;
    }

    /// @dev The XEN token.
    IERC20 private _token;

    /// @dev Blocks per epoch.
    uint64 private _epochLength;

    /// @dev Seconds unbonded stake stays locked.
    uint64 private _unbondingPeriod;

    /// @dev The epoch of the last {rotate}.
    uint64 private _lastEpoch;

    /// @dev N, the size of the active set.
    uint16 private _maxValidators;

    /// @dev The cap on registered candidates.
    uint16 private _maxCandidates;

    /// @dev The genesis validators, sorted ascending, never empty.
    address[] private _genesisValidators;

    /// @dev The set the last {rotate} elected, sorted ascending; empty: the genesis validators are active.
    address[] private _active;

    /// @dev The registered candidates' node addresses.
    address[] private _candidates;

    /// @dev Per node address: its operator and its place in `_candidates`.
    mapping(address node => Candidate) private _candidateOf;

    /// @dev Per node address: the bonded stake delegated to it, registered or not.
    mapping(address node => uint256) private _votes;

    /// @dev Per holder: its stake.
    mapping(address holder => Stake) private _stakes;

    /// @notice Creates the election. On a chain whose genesis holds the contract, the genesis writer
    /// stores the same values instead (see the contract's dev note).
    /// @param token_ the XEN token; not the zero address
    /// @param maxValidators_ N, the size of the active set: 1 .. `maxCandidates_`, at most MAX_VALIDATORS_LIMIT
    /// @param maxCandidates_ the cap on registered candidates: 1 .. MAX_CANDIDATES_LIMIT
    /// @param epochLength_ blocks per epoch, at least 1
    /// @param unbondingPeriod_ seconds unbonded stake stays locked: 1 .. MAX_UNBONDING_PERIOD
    /// @param genesisValidators_ the validators active while no candidate is elected: 1 .. MAX_VALIDATORS_LIMIT
    /// addresses, strictly ascending, none zero
    constructor(
        address token_,
        uint256 maxValidators_,
        uint256 maxCandidates_,
        uint64 epochLength_,
        uint64 unbondingPeriod_,
        address[] memory genesisValidators_
    ) {
        if (token_ == address(0)) {
            revert ValidatorElectionZeroToken();
        }
        if (maxCandidates_ == 0 || maxCandidates_ > MAX_CANDIDATES_LIMIT) {
            revert ValidatorElectionInvalidMaxCandidates(maxCandidates_, MAX_CANDIDATES_LIMIT);
        }
        if (maxValidators_ == 0 || maxValidators_ > maxCandidates_ || maxValidators_ > MAX_VALIDATORS_LIMIT) {
            revert ValidatorElectionInvalidMaxValidators(maxValidators_, maxCandidates_, MAX_VALIDATORS_LIMIT);
        }
        if (epochLength_ == 0) {
            revert ValidatorElectionInvalidEpochLength(epochLength_);
        }
        if (unbondingPeriod_ == 0 || unbondingPeriod_ > MAX_UNBONDING_PERIOD) {
            revert ValidatorElectionInvalidUnbondingPeriod(unbondingPeriod_, MAX_UNBONDING_PERIOD);
        }
        uint256 n = genesisValidators_.length;
        if (n == 0) {
            revert ValidatorElectionNoGenesisValidators();
        }
        if (n > MAX_VALIDATORS_LIMIT) {
            revert ValidatorElectionTooManyGenesisValidators(n, MAX_VALIDATORS_LIMIT);
        }
        address previous = address(0);
        for (uint256 i = 0; i < n; ++i) {
            address validator = genesisValidators_[i];
            if (validator <= previous) {
                revert ValidatorElectionGenesisNotAscending(i, validator);
            }
            previous = validator;
        }
        _token = IERC20(token_);
        // The casts are safe: both were checked against limits far below 2**16.
        _maxValidators = uint16(maxValidators_);
        _maxCandidates = uint16(maxCandidates_);
        _epochLength = epochLength_;
        _unbondingPeriod = unbondingPeriod_;
        _genesisValidators = genesisValidators_;
    }

    // ----------------------------------------------------------------------------------------
    // Candidates
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IValidatorElection
    function register(address node) external {
        if (node == address(0)) {
            revert ValidatorElectionZeroNode();
        }
        Candidate storage c = _candidateOf[node];
        if (c.position != 0) {
            revert ValidatorElectionAlreadyRegistered(node, c.operator);
        }
        uint256 count = _candidates.length;
        if (count >= _maxCandidates) {
            revert ValidatorElectionTooManyCandidates(_maxCandidates);
        }
        _candidates.push(node);
        c.operator = msg.sender;
        // count < _maxCandidates <= MAX_CANDIDATES_LIMIT, so the position fits in 32 bits.
        c.position = uint32(count + 1);
        emit CandidateRegistered(node, msg.sender);
    }

    /// @inheritdoc IValidatorElection
    function unregister(address node) external {
        Candidate storage c = _candidateOf[node];
        uint256 position = c.position;
        if (position == 0) {
            revert ValidatorElectionNotCandidate(node);
        }
        address operator = c.operator;
        if (operator != msg.sender) {
            revert ValidatorElectionNotOperator(node, msg.sender);
        }
        uint256 last = _candidates.length;
        if (position != last) {
            address moved = _candidates[last - 1];
            _candidates[position - 1] = moved;
            // position <= last <= MAX_CANDIDATES_LIMIT fits in 32 bits.
            _candidateOf[moved].position = uint32(position);
        }
        _candidates.pop();
        c.position = 0;
        emit CandidateUnregistered(node, operator);
    }

    // ----------------------------------------------------------------------------------------
    // Stake
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IValidatorElection
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) {
            revert ValidatorElectionZeroAmount();
        }
        Stake storage s = _stakes[msg.sender];
        uint256 bonded = s.bonded + amount;
        s.bonded = bonded;
        address delegatee = s.delegatee;
        if (delegatee != address(0)) {
            _votes[delegatee] += amount;
        }
        emit Staked(msg.sender, amount, bonded);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IValidatorElection
    function delegate(address node) external {
        if (node != address(0) && _candidateOf[node].position == 0) {
            revert ValidatorElectionNotCandidate(node);
        }
        Stake storage s = _stakes[msg.sender];
        address from = s.delegatee;
        if (from == node) {
            revert ValidatorElectionAlreadyDelegated(msg.sender, node);
        }
        uint256 bonded = s.bonded;
        if (from != address(0)) {
            // A delegatee's votes include every bonded stake delegated to it, this one too.
            _votes[from] -= bonded;
        }
        if (node != address(0)) {
            _votes[node] += bonded;
        }
        s.delegatee = node;
        emit Delegated(msg.sender, from, node, bonded);
    }

    /// @inheritdoc IValidatorElection
    function unstake(uint256 amount) external nonReentrant {
        if (amount == 0) {
            revert ValidatorElectionZeroAmount();
        }
        Stake storage s = _stakes[msg.sender];
        uint256 bonded = s.bonded;
        if (bonded < amount) {
            revert ValidatorElectionInsufficientStake(msg.sender, bonded, amount);
        }
        unchecked {
            // bonded >= amount was checked just above.
            s.bonded = bonded - amount;
        }
        address delegatee = s.delegatee;
        if (delegatee != address(0)) {
            _votes[delegatee] -= amount;
        }
        uint256 unbonding = s.unbonding + amount;
        // block.timestamp + at most one year fits in 64 bits for billions of years.
        uint64 releaseAt = uint64(block.timestamp) + _unbondingPeriod;
        s.unbonding = unbonding;
        s.releaseAt = releaseAt;
        emit Unstaked(msg.sender, amount, unbonding, releaseAt);
    }

    /// @inheritdoc IValidatorElection
    function withdraw() external nonReentrant {
        Stake storage s = _stakes[msg.sender];
        uint256 amount = s.unbonding;
        if (amount == 0) {
            revert ValidatorElectionNothingToWithdraw(msg.sender);
        }
        uint64 releaseAt = s.releaseAt;
        if (block.timestamp < releaseAt) {
            revert ValidatorElectionStillUnbonding(msg.sender, releaseAt, block.timestamp);
        }
        s.unbonding = 0;
        s.releaseAt = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ----------------------------------------------------------------------------------------
    // Election
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IValidatorElection
    function rotate() external returns (address[] memory validators) {
        uint256 epoch = block.number / _epochLength;
        uint256 last = _lastEpoch;
        if (epoch <= last) {
            revert ValidatorElectionEpochNotOver(last, (last + 1) * _epochLength);
        }
        validators = _elect();
        // block.number / epochLength fits in 64 bits on any chain that will ever exist.
        _lastEpoch = uint64(epoch);
        _active = validators;
        emit ValidatorsRotated(epoch, validators);
    }

    /// @inheritdoc IValidatorElection
    function getValidators() external view returns (address[] memory) {
        return _active.length != 0 ? _active : _genesisValidators;
    }

    /// @inheritdoc IValidatorElection
    function activeValidators() external view returns (address[] memory) {
        return _active;
    }

    /// @inheritdoc IValidatorElection
    function genesisValidators() external view returns (address[] memory) {
        return _genesisValidators;
    }

    /// @inheritdoc IValidatorElection
    function pendingValidators() external view returns (address[] memory) {
        return _elect();
    }

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IValidatorElection
    function candidates() external view returns (address[] memory) {
        return _candidates;
    }

    /// @inheritdoc IValidatorElection
    function candidateInfo(address node) external view returns (address operator, bool registered, uint256 votes) {
        Candidate storage c = _candidateOf[node];
        return (c.operator, c.position != 0, _votes[node]);
    }

    /// @inheritdoc IValidatorElection
    function stakeOf(address holder)
        external
        view
        returns (uint256 bonded, address delegatee, uint256 unbonding, uint64 releaseAt)
    {
        Stake storage s = _stakes[holder];
        return (s.bonded, s.delegatee, s.unbonding, s.releaseAt);
    }

    /// @inheritdoc IValidatorElection
    function currentEpoch() external view returns (uint256) {
        return block.number / _epochLength;
    }

    /// @inheritdoc IValidatorElection
    function lastEpoch() external view returns (uint256) {
        return _lastEpoch;
    }

    /// @inheritdoc IValidatorElection
    function nextRotationBlock() external view returns (uint256) {
        return (uint256(_lastEpoch) + 1) * _epochLength;
    }

    /// @inheritdoc IValidatorElection
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IValidatorElection
    function maxValidators() external view returns (uint256) {
        return _maxValidators;
    }

    /// @inheritdoc IValidatorElection
    function maxCandidates() external view returns (uint256) {
        return _maxCandidates;
    }

    /// @inheritdoc IValidatorElection
    function epochLength() external view returns (uint256) {
        return _epochLength;
    }

    /// @inheritdoc IValidatorElection
    function unbondingPeriod() external view returns (uint256) {
        return _unbondingPeriod;
    }

    // ----------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------

    /// @dev The top `_maxValidators` registered candidates with votes, sorted ascending by address.
    /// Each candidate gets a ranking key (see {_rankKey}); the best `n` keys are kept in a min-heap whose
    /// root is the weakest kept, so a candidate costs one comparison, or one sift of at most log2(n) levels.
    /// The kept addresses are then sorted ascending, as QBFT wants the list.
    function _elect() private view returns (address[] memory elected) {
        uint256 n = _maxValidators;
        uint256 count = _candidates.length;
        uint256[] memory heap = new uint256[](n);
        uint256 size = 0;
        for (uint256 i = 0; i < count; ++i) {
            address node = _candidates[i];
            uint256 votes = _votes[node];
            if (votes == 0) {
                continue;
            }
            uint256 key = _rankKey(node, votes);
            if (size < n) {
                _siftUp(heap, size, key);
                ++size;
            } else if (key > heap[0]) {
                _siftDown(heap, size, key);
            }
        }
        elected = new address[](size);
        for (uint256 i = 0; i < size; ++i) {
            address node = address(uint160(type(uint160).max - uint160(heap[i])));
            uint256 j = i;
            while (j != 0 && elected[j - 1] > node) {
                elected[j] = elected[j - 1];
                --j;
            }
            elected[j] = node;
        }
    }

    /// @dev The ranking key of `node` with `votes`: a higher key ranks above. Votes (capped at 2**96 - 1 wei,
    /// about 7.9e10 XEN, more than XenCoin's supply) fill the high 96 bits; the low 160 bits hold the
    /// address inverted, so that of equal votes the lower address ranks above. Keys of two nodes never tie.
    function _rankKey(address node, uint256 votes) private pure returns (uint256) {
        uint256 capped = votes > type(uint96).max ? type(uint96).max : votes;
        return (capped << 160) | (type(uint160).max - uint160(node));
    }

    /// @dev Adds `key` to the min-heap `heap[0 .. size)`, which has room for it.
    function _siftUp(uint256[] memory heap, uint256 size, uint256 key) private pure {
        uint256 j = size;
        while (j != 0) {
            uint256 parent;
            unchecked {
                // j != 0
                parent = (j - 1) >> 1;
            }
            uint256 above = heap[parent];
            if (above <= key) {
                break;
            }
            heap[j] = above;
            j = parent;
        }
        heap[j] = key;
    }

    /// @dev Replaces the root of the min-heap `heap[0 .. size)` with `key`, which is above the root.
    function _siftDown(uint256[] memory heap, uint256 size, uint256 key) private pure {
        uint256 j = 0;
        while (true) {
            uint256 child;
            unchecked {
                // j < size <= MAX_VALIDATORS_LIMIT: no overflow
                child = 2 * j + 1;
            }
            if (child >= size) {
                break;
            }
            uint256 smallest = heap[child];
            if (child + 1 < size && heap[child + 1] < smallest) {
                ++child;
                smallest = heap[child];
            }
            if (key <= smallest) {
                break;
            }
            heap[j] = smallest;
            j = child;
        }
        heap[j] = key;
    }
}
