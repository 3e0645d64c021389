// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title ValidatorElection, delegated proof of stake for the QBFT validators of a Zennet chain
/// @notice Operators register the address of their validator node's key as a candidate. XEN holders
/// stake XEN and delegate all of their bonded stake to one candidate; they may move it to another
/// candidate at any time, or unstake it, which locks it for {unbondingPeriod} seconds before
/// {withdraw} pays it back (so stake cannot flash from candidate to candidate through the token).
/// At each epoch boundary (every {epochLength} blocks) anyone may call {rotate}: the top
/// {maxValidators} registered candidates by delegated stake become the active set. Besu's QBFT, in
/// contract validator mode, reads {getValidators} at every block.
/// @dev Ranking: more delegated stake first; equal stake: the lower node address first. A candidate
/// with no delegated stake is never elected. With no eligible candidate the active set is the
/// genesis validators. No slashing: QBFT gives the contract no evidence of misbehaviour.
interface IValidatorElection {
    /// @notice `operator` registered `node` (the address of a validator node key) as a candidate.
    /// @param node the candidate's validator node address
    /// @param operator the account that registered it and may unregister it
    event CandidateRegistered(address indexed node, address indexed operator);

    /// @notice `operator` withdrew candidate `node`; the stake delegated to it stays delegated but counts
    /// for nothing until its holders move it (or `node` registers again).
    /// @param node the candidate's validator node address
    /// @param operator the account that had registered it
    event CandidateUnregistered(address indexed node, address indexed operator);

    /// @notice `holder` bonded `amount` wei of XEN more; its bonded stake is now `bonded`.
    /// @param holder the staker
    /// @param amount the XEN pulled from the holder, in wei
    /// @param bonded the holder's bonded stake afterwards, in wei
    event Staked(address indexed holder, uint256 amount, uint256 bonded);

    /// @notice `holder` moved its delegation from `from` to `to` (the zero address: no candidate), carrying
    /// its bonded stake of `amount` wei.
    /// @param holder the staker
    /// @param from the candidate delegated to before, or the zero address
    /// @param to the candidate delegated to now, or the zero address
    /// @param amount the holder's bonded stake that moved, in wei
    event Delegated(address indexed holder, address indexed from, address indexed to, uint256 amount);

    /// @notice `holder` unbonded `amount` wei; `unbonding` wei in all can be withdrawn from `releaseAt` on.
    /// @param holder the staker
    /// @param amount the stake unbonded by this call, in wei
    /// @param unbonding everything the holder has unbonding now, in wei
    /// @param releaseAt the unix time (seconds) from which {withdraw} pays `unbonding`
    event Unstaked(address indexed holder, uint256 amount, uint256 unbonding, uint64 releaseAt);

    /// @notice `holder` withdrew `amount` wei of unbonded XEN.
    /// @param holder the staker, who was paid
    /// @param amount the XEN paid, in wei
    event Withdrawn(address indexed holder, uint256 amount);

    /// @notice {rotate} elected `validators` (sorted ascending) for epoch `epoch`; an empty list means
    /// that no candidate was eligible and the genesis validators are active.
    /// @param epoch the epoch the set was elected for (`block.number / epochLength`)
    /// @param validators the elected node addresses, sorted ascending
    event ValidatorsRotated(uint256 indexed epoch, address[] validators);

    /// @notice The token is the zero address.
    error ValidatorElectionZeroToken();

    /// @notice `maxValidators` must be 1 .. `maxCandidates` and at most `limit`.
    error ValidatorElectionInvalidMaxValidators(uint256 maxValidators, uint256 maxCandidates, uint256 limit);

    /// @notice `maxCandidates` must be 1 .. `limit` (the cap that bounds the gas of {rotate}).
    error ValidatorElectionInvalidMaxCandidates(uint256 maxCandidates, uint256 limit);

    /// @notice The epoch length is `epochLength` blocks; it must be at least 1.
    error ValidatorElectionInvalidEpochLength(uint64 epochLength);

    /// @notice The unbonding period is `unbondingPeriod` seconds; it must be 1 .. `limit`.
    error ValidatorElectionInvalidUnbondingPeriod(uint64 unbondingPeriod, uint64 limit);

    /// @notice The genesis validator list is empty; Besu needs at least one validator.
    error ValidatorElectionNoGenesisValidators();

    /// @notice Genesis validator `validator` at `index` is zero, repeated or not in ascending order.
    error ValidatorElectionGenesisNotAscending(uint256 index, address validator);

    /// @notice The genesis validator list has `count` entries but at most `limit` are allowed.
    error ValidatorElectionTooManyGenesisValidators(uint256 count, uint256 limit);

    /// @notice A candidate's node address must not be the zero address.
    error ValidatorElectionZeroNode();

    /// @notice `node` is registered already, by `operator`.
    error ValidatorElectionAlreadyRegistered(address node, address operator);

    /// @notice All `maxCandidates` candidate places are taken; one must unregister first.
    error ValidatorElectionTooManyCandidates(uint256 maxCandidates);

    /// @notice `node` is not a registered candidate.
    error ValidatorElectionNotCandidate(address node);

    /// @notice `caller` is not the operator who registered `node`.
    error ValidatorElectionNotOperator(address node, address caller);

    /// @notice The amount is zero.
    error ValidatorElectionZeroAmount();

    /// @notice `holder` has `bonded` wei bonded but `needed` were asked for.
    error ValidatorElectionInsufficientStake(address holder, uint256 bonded, uint256 needed);

    /// @notice `holder` delegates to `node` already.
    error ValidatorElectionAlreadyDelegated(address holder, address node);

    /// @notice `holder` has nothing unbonding.
    error ValidatorElectionNothingToWithdraw(address holder);

    /// @notice `holder`'s unbonding stake is released at `releaseAt`; the block time is `blockTime`.
    error ValidatorElectionStillUnbonding(address holder, uint64 releaseAt, uint256 blockTime);

    /// @notice Epoch `epoch` was elected already; the next {rotate} is possible from block `nextBlock`.
    error ValidatorElectionEpochNotOver(uint256 epoch, uint256 nextBlock);

    /// @notice Registers `node`, the address of a validator node key, as a candidate; the caller becomes
    /// its operator.
    /// @dev Reverts with {ValidatorElectionZeroNode}, {ValidatorElectionAlreadyRegistered} or
    /// {ValidatorElectionTooManyCandidates}. Stake delegated to `node` before (it was registered and
    /// dropped out) counts again.
    /// @param node the validator node address
    function register(address node) external;

    /// @notice Withdraws candidate `node`; only its operator may. It stays in the active set until the
    /// next {rotate}.
    /// @dev Reverts with {ValidatorElectionNotCandidate} or {ValidatorElectionNotOperator}.
    /// @param node the validator node address
    function unregister(address node) external;

    /// @notice Bonds `amount` wei of the caller's XEN (approve the contract first); it adds to the
    /// candidate the caller delegates to, if any.
    /// @dev Reverts with {ValidatorElectionZeroAmount}, or the token's error when the transfer fails.
    /// @param amount the XEN to bond, in wei
    function stake(uint256 amount) external;

    /// @notice Moves all of the caller's bonded stake, and what it bonds later, to candidate `node`;
    /// the zero address takes it off every candidate.
    /// @dev Reverts with {ValidatorElectionNotCandidate} (for a non-zero `node` that is not registered)
    /// or {ValidatorElectionAlreadyDelegated}. Takes effect at the next {rotate}.
    /// @param node the candidate to delegate to, or the zero address
    function delegate(address node) external;

    /// @notice Unbonds `amount` wei of the caller's bonded stake: it leaves its candidate at once and
    /// can be withdrawn {unbondingPeriod} seconds from now.
    /// @dev Reverts with {ValidatorElectionZeroAmount} or {ValidatorElectionInsufficientStake}. Each
    /// unstake restarts the period for everything the caller has unbonding.
    /// @param amount the stake to unbond, in wei
    function unstake(uint256 amount) external;

    /// @notice Pays the caller everything it has unbonding, once its unbonding period is over.
    /// @dev Reverts with {ValidatorElectionNothingToWithdraw} or {ValidatorElectionStillUnbonding}.
    function withdraw() external;

    /// @notice Elects the active set for the current epoch: the top {maxValidators} registered candidates
    /// by delegated stake (equal stake: lower address first). Anyone may call it once per epoch.
    /// @dev Reverts with {ValidatorElectionEpochNotOver}. Gas is bounded by {maxCandidates}.
    /// @return validators the new active set, sorted ascending (empty: the genesis validators are active)
    function rotate() external returns (address[] memory validators);

    /// @notice The validators QBFT uses: the active set, sorted ascending, or the genesis validators when
    /// no candidate is elected. Never reverts and never returns an empty list.
    /// @return the validator node addresses, sorted ascending
    function getValidators() external view returns (address[] memory);

    /// @notice The set the last {rotate} elected (empty before the first election, or when none was eligible).
    /// @return the elected node addresses, sorted ascending
    function activeValidators() external view returns (address[] memory);

    /// @notice The validators of the chain's genesis, active while no candidate is elected.
    /// @return the genesis validator addresses, sorted ascending
    function genesisValidators() external view returns (address[] memory);

    /// @notice What {rotate} would elect now.
    /// @return the node addresses, sorted ascending (empty when no candidate is eligible)
    function pendingValidators() external view returns (address[] memory);

    /// @notice The registered candidates, in registration order (an unregistered one's place is taken by
    /// the last).
    /// @return the candidates' node addresses
    function candidates() external view returns (address[] memory);

    /// @notice Candidate `node`'s operator, whether it is registered, and the stake delegated to it.
    /// @param node the validator node address
    /// @return operator who registered it (the zero address if it never was)
    /// @return registered whether it is a candidate now
    /// @return votes the bonded stake delegated to it, in wei
    function candidateInfo(address node) external view returns (address operator, bool registered, uint256 votes);

    /// @notice `holder`'s stake.
    /// @param holder the staker
    /// @return bonded its bonded stake, in wei
    /// @return delegatee the candidate it delegates to, or the zero address
    /// @return unbonding what it has unbonding, in wei
    /// @return releaseAt when {withdraw} may pay `unbonding` (unix seconds; 0 if nothing is unbonding)
    function stakeOf(address holder)
        external
        view
        returns (uint256 bonded, address delegatee, uint256 unbonding, uint64 releaseAt);

    /// @notice The current epoch, `block.number / epochLength`.
    /// @return the epoch number
    function currentEpoch() external view returns (uint256);

    /// @notice The epoch of the last {rotate} (0 before the first).
    /// @return the epoch number
    function lastEpoch() external view returns (uint256);

    /// @notice The first block at which {rotate} succeeds.
    /// @return the block number
    function nextRotationBlock() external view returns (uint256);

    /// @notice The XEN token staked here.
    /// @return the token's address
    function token() external view returns (address);

    /// @notice The size of the active set, N.
    /// @return the most validators an election returns
    function maxValidators() external view returns (uint256);

    /// @notice The cap on registered candidates, which bounds the gas of {rotate}.
    /// @return the most candidates registered at once
    function maxCandidates() external view returns (uint256);

    /// @notice The epoch length, in blocks.
    /// @return blocks per epoch
    function epochLength() external view returns (uint256);

    /// @notice How long unbonded stake stays locked, in seconds.
    /// @return the unbonding period in seconds
    function unbondingPeriod() external view returns (uint256);
}
