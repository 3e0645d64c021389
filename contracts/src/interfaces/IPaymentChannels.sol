// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

/// @title PaymentChannels, escrow accounts and one-way XEN channels publisher -> provider
/// @notice A publisher deposits XEN into its free escrow, then opens one channel per provider in a
/// single batch, locking an amount per channel. While the provider works, the publisher streams
/// off-chain EIP-712 vouchers `Voucher(uint256 channelId,uint256 cumulativeAmount)` signed with the
/// publisher account's own key. Each voucher is cumulative: redeeming it pays the provider
/// `min(cumulativeAmount, deposit) - paid`. Anyone may submit a voucher (a watcher, say); the money
/// always goes to the channel's provider. A channel ends in one of two ways: the provider closes it
/// at once with {closeByProvider}, or the publisher calls {startClose}, vouchers stay redeemable for
/// {challengePeriod} seconds, and then anyone may {settle}. Either way what the provider was not paid
/// goes back to the publisher's free escrow. Channel ids are never reused.
/// @dev The EIP-712 domain is `{name: "Zennet PaymentChannels", version: "1", chainId,
/// verifyingContract}` and is published through EIP-5267's {eip712Domain}.
interface IPaymentChannels is IERC5267 {
    /// @notice Where a channel is in its life.
    /// @dev `None`: the id was never handed out. `Open`: vouchers can be redeemed. `Closing`: the
    /// publisher started the close; vouchers are redeemable while `block.timestamp < closesAt`, and
    /// {settle} is possible from `closesAt` on. `Closed`: settled or closed by the provider; final.
    enum ChannelState {
        None,
        Open,
        Closing,
        Closed
    }

    /// @notice `amount` wei of XEN, paid by `from`, were credited to `account`'s free escrow.
    /// @param account the escrow account credited
    /// @param from the account the tokens were pulled from (`account` itself for {deposit})
    /// @param amount the amount credited, in wei
    event Deposited(address indexed account, address indexed from, uint256 amount);

    /// @notice `account` took `amount` wei of XEN out of its free escrow.
    /// @param account the escrow account debited and paid
    /// @param amount the amount withdrawn, in wei
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice Channel `channelId` from `publisher` to `provider` was opened for job `jobId` with
    /// `amount` wei locked in it.
    /// @param channelId the new channel's id
    /// @param publisher the payer, whose key signs the channel's vouchers
    /// @param provider the payee
    /// @param jobId the job the channel pays for, as the publisher stated it (not checked on chain)
    /// @param amount the channel's initial deposit, in wei
    event ChannelOpened(
        uint256 indexed channelId, address indexed publisher, address indexed provider, uint256 jobId, uint256 amount
    );

    /// @notice The publisher added `amount` wei to channel `channelId`, whose deposit is now `deposit`.
    /// @param channelId the channel topped up
    /// @param amount the amount moved from the publisher's free escrow into the channel, in wei
    /// @param deposit the channel's total deposit after the top-up, in wei
    event ToppedUp(uint256 indexed channelId, uint256 amount, uint256 deposit);

    /// @notice A voucher for `cumulativeAmount` on channel `channelId` was redeemed and paid
    /// `provider` `paid` wei more.
    /// @param channelId the channel
    /// @param provider the channel's provider, who received the money
    /// @param cumulativeAmount the voucher's cumulative amount, as signed
    /// @param paid what this redemption paid, in wei (not the running total)
    event Redeemed(uint256 indexed channelId, address indexed provider, uint256 cumulativeAmount, uint256 paid);

    /// @notice The publisher started closing channel `channelId`; vouchers are redeemable while
    /// `block.timestamp < closesAt`, and {settle} is possible from `closesAt` on.
    /// @param channelId the channel
    /// @param closesAt unix time (seconds) at which the challenge period ends
    event CloseStarted(uint256 indexed channelId, uint64 closesAt);

    /// @notice Channel `channelId` is closed for good: the provider was paid `paidTotal` wei over
    /// the channel's life and `returned` wei went back to the publisher's free escrow.
    /// @param channelId the channel
    /// @param paidTotal everything the provider received from this channel, in wei
    /// @param returned what went back to the publisher's free escrow, in wei
    event ChannelClosed(uint256 indexed channelId, uint256 paidTotal, uint256 returned);

    /// @notice The constructor was given the zero address as the token.
    error PaymentChannelsZeroToken();

    /// @notice The challenge period `challengePeriod` (seconds) is zero or longer than `maxChallengePeriod`.
    error PaymentChannelsInvalidChallengePeriod(uint64 challengePeriod, uint64 maxChallengePeriod);

    /// @notice An amount of zero was given where something must move.
    error PaymentChannelsZeroAmount();

    /// @notice {depositFor} was asked to credit the zero address.
    error PaymentChannelsZeroAccount();

    /// @notice `account`'s free escrow holds `available` wei but `needed` wei are required.
    error PaymentChannelsInsufficientEscrow(address account, uint256 available, uint256 needed);

    /// @notice {openChannels} got `providers` providers but `amounts` amounts.
    error PaymentChannelsBatchLengthMismatch(uint256 providers, uint256 amounts);

    /// @notice {redeemMany} got `channelIds` ids, `cumulativeAmounts` amounts and `signatures` signatures.
    error PaymentChannelsRedeemLengthMismatch(uint256 channelIds, uint256 cumulativeAmounts, uint256 signatures);

    /// @notice A batch ({openChannels}, {redeemMany}) is empty.
    error PaymentChannelsEmptyBatch();

    /// @notice {openChannels} got `size` providers but opens at most `maxSize` per call.
    error PaymentChannelsBatchTooLarge(uint256 size, uint256 maxSize);

    /// @notice Provider number `index` of the batch is the zero address.
    error PaymentChannelsZeroProvider(uint256 index);

    /// @notice Provider number `index` of the batch is the publisher itself.
    error PaymentChannelsProviderIsPublisher(uint256 index);

    /// @notice Amount number `index` of the batch is zero.
    error PaymentChannelsZeroDeposit(uint256 index);

    /// @notice `amount` wei do not fit the channel: it has room for at most `maxAmount` more (a new
    /// channel for `MAX_CHANNEL_DEPOSIT`, `2**95 - 1` wei).
    error PaymentChannelsDepositTooLarge(uint256 amount, uint256 maxAmount);

    /// @notice No channel `channelId` was ever opened.
    error PaymentChannelsUnknownChannel(uint256 channelId);

    /// @notice Channel `channelId` is closed; nothing can be redeemed from it or done with it.
    error PaymentChannelsAlreadyClosed(uint256 channelId);

    /// @notice `caller` is not the publisher of channel `channelId`.
    error PaymentChannelsNotPublisher(uint256 channelId, address caller);

    /// @notice `caller` is not the provider of channel `channelId`.
    error PaymentChannelsNotProvider(uint256 channelId, address caller);

    /// @notice The voucher for channel `channelId` was signed by `signer`, not by the channel's publisher.
    error PaymentChannelsInvalidSigner(uint256 channelId, address signer);

    /// @notice The voucher pays nothing more on channel `channelId`: it is not above what was paid
    /// already, or the deposit is used up.
    error PaymentChannelsNothingToRedeem(uint256 channelId);

    /// @notice The publisher already started closing channel `channelId`; it closes at `closesAt`.
    error PaymentChannelsCloseAlreadyStarted(uint256 channelId, uint64 closesAt);

    /// @notice Channel `channelId` cannot be settled: its publisher has not started closing it.
    error PaymentChannelsCloseNotStarted(uint256 channelId);

    /// @notice Channel `channelId` cannot be settled before `closesAt`.
    error PaymentChannelsChallengePeriodActive(uint256 channelId, uint64 closesAt);

    /// @notice The challenge period of channel `channelId` ended at `closesAt`: vouchers can no
    /// longer be redeemed; {settle} the channel instead.
    error PaymentChannelsChallengePeriodOver(uint256 channelId, uint64 closesAt);

    /// @notice Pulls `amount` wei of XEN from the caller (who must have approved this contract) into
    /// the caller's free escrow.
    /// @param amount the amount to deposit, in wei; not zero
    function deposit(uint256 amount) external;

    /// @notice Pulls `amount` wei of XEN from the caller into `account`'s free escrow, so that a
    /// treasury can fund an agent's account without the agent ever holding the treasury's key.
    /// @param account the escrow account to credit; not the zero address
    /// @param amount the amount to deposit, in wei; not zero
    function depositFor(address account, uint256 amount) external;

    /// @notice Pays `amount` wei of XEN from the caller's free escrow to the caller.
    /// @dev Money locked in channels is not free escrow; it comes back when a channel closes.
    /// @param amount the amount to withdraw, in wei; not zero
    function withdraw(uint256 amount) external;

    /// @notice The free escrow of `publisher`: deposited, not locked in a channel, not withdrawn.
    /// @param publisher the account
    /// @return its free escrow, in wei
    function escrowOf(address publisher) external view returns (uint256);

    /// @notice Opens one channel from the caller to each of `providers`, locking `amounts[i]` wei
    /// for `providers[i]`, all taken from the caller's free escrow.
    /// @dev The channels get the consecutive ids `firstChannelId .. firstChannelId + n - 1`. Ids
    /// increase from call to call and are never reused, but they are not dense: each call starts on
    /// a fresh page of `2**10` ids (see the contract's storage notes). `jobId` is only recorded in
    /// {ChannelOpened}; this contract does not know the JobMarket and does not check it.
    /// @param jobId the job the channels pay for
    /// @param providers the payees; none may be zero or the caller. A provider may appear twice
    /// (it then gets two channels)
    /// @param amounts the deposit of each channel, in wei; none may be zero or above the maximum
    /// channel deposit ({MAX_CHANNEL_DEPOSIT})
    /// @return firstChannelId the id of the channel to `providers[0]`
    function openChannels(uint256 jobId, address[] calldata providers, uint256[] calldata amounts)
        external
        returns (uint256 firstChannelId);

    /// @notice Moves `amount` wei from the caller's free escrow into channel `channelId`.
    /// @dev Only the channel's publisher may, and only while the channel is open: once
    /// {startClose} was called the deposit is frozen, so a provider racing the challenge period
    /// knows exactly what it can still redeem.
    /// @param channelId the channel to top up
    /// @param amount the amount to add, in wei; not zero
    function topUp(uint256 channelId, uint256 amount) external;

    /// @notice Redeems a voucher: pays the channel's provider `min(cumulativeAmount, deposit) - paid`.
    /// @dev Anyone may call; the money goes to the provider. Reverts with
    /// {PaymentChannelsNothingToRedeem} when that difference is zero, with
    /// {PaymentChannelsInvalidSigner} (or OpenZeppelin's `ECDSAInvalidSignature*`) unless the
    /// publisher signed the voucher, and with {PaymentChannelsChallengePeriodOver} once
    /// `block.timestamp >= closesAt` of a closing channel.
    /// @param channelId the channel
    /// @param cumulativeAmount the voucher's cumulative amount, in wei
    /// @param signature the publisher's 65-byte EIP-712 signature of
    /// `Voucher(channelId, cumulativeAmount)`
    function redeem(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature) external;

    /// @notice Redeems several vouchers in one transaction, like {redeem} for each `i`.
    /// @dev All or nothing: if one voucher fails, the whole call reverts with that voucher's error.
    /// Consecutive vouchers paying the same provider are paid in one token transfer.
    /// @param channelIds the channels
    /// @param cumulativeAmounts the vouchers' cumulative amounts, in wei
    /// @param signatures the publishers' signatures
    function redeemMany(
        uint256[] calldata channelIds,
        uint256[] calldata cumulativeAmounts,
        bytes[] calldata signatures
    ) external;

    /// @notice The provider closes channel `channelId` at once: it is paid what the voucher still
    /// owes it and the rest of the deposit goes back to the publisher's free escrow.
    /// @dev Only the channel's provider may call. When the voucher pays nothing more
    /// (`cumulativeAmount <= paid`) the signature is not checked: the provider may give it up and
    /// simply close. Allowed while the channel is open or closing, not after `closesAt`.
    /// @param channelId the channel
    /// @param cumulativeAmount the provider's latest voucher's cumulative amount, in wei
    /// @param signature the publisher's signature of that voucher
    function closeByProvider(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature) external;

    /// @notice The publisher starts closing channel `channelId`: vouchers stay redeemable while
    /// `block.timestamp < closesAt = block.timestamp + challengePeriod()`, then anyone may {settle}.
    /// @param channelId the channel
    function startClose(uint256 channelId) external;

    /// @notice Closes a channel whose challenge period is over and returns what the provider was not
    /// paid to the publisher's free escrow. Anyone may call.
    /// @param channelId the channel
    function settle(uint256 channelId) external;

    /// @notice The state of channel `channelId`.
    /// @dev A closed channel's storage is cleared, so only its publisher is still known here: it
    /// reads as `(publisher, 0, 0, 0, 0)`; its history is in the events. An id never handed out
    /// reads as all zeros.
    /// @param channelId the channel
    /// @return publisher the payer, whose key signs the vouchers
    /// @return provider the payee (zero once closed)
    /// @return deposit everything locked in the channel so far, including what was paid out, in wei
    /// @return paid what the provider has received so far, in wei
    /// @return closesAt when the challenge period ends, or 0 if the publisher has not started closing
    function channelInfo(uint256 channelId)
        external
        view
        returns (address publisher, address provider, uint256 deposit, uint256 paid, uint64 closesAt);

    /// @notice Where channel `channelId` is in its life.
    /// @param channelId the channel
    /// @return the channel's state
    function channelState(uint256 channelId) external view returns (ChannelState);

    /// @notice How long vouchers stay redeemable after {startClose}, in seconds.
    /// @return the challenge period in seconds
    function challengePeriod() external view returns (uint64);

    /// @notice The token this contract holds: XenCoin.
    /// @return the token's address
    function token() external view returns (address);

    /// @notice How many channels were ever opened.
    /// @dev Not the highest id: ids are not dense (see {openChannels}).
    /// @return the number of channels opened so far
    function channelCount() external view returns (uint256);

    /// @notice The most channels one {openChannels} call opens.
    /// @return the maximum batch size
    function MAX_CHANNELS_PER_BATCH() external view returns (uint256);

    /// @notice The largest deposit one channel can hold, in wei (`2**95 - 1`).
    /// @return the maximum channel deposit in wei
    function MAX_CHANNEL_DEPOSIT() external view returns (uint256);

    /// @notice The EIP-712 domain separator vouchers are signed under.
    /// @return the domain separator
    function domainSeparator() external view returns (bytes32);
}
