// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPaymentChannels} from "../interfaces/IPaymentChannels.sol";

/// @title PaymentChannels
/// @notice Escrow accounts and one-way XEN payment channels from publishers to providers, paid off
/// chain with cumulative EIP-712 vouchers signed by the publisher account. No owner, no fees.
/// @dev Storage layout, chosen for gas (targets per provider per job: at most 30,000 gas per extra
/// channel in a batched {openChannels}, 60,000 for {closeByProvider}, 55,000 for {redeem}):
///
/// - slot A, `_channels[channelId]`, the ONLY fresh slot {openChannels} writes per channel:
///   `provider (bits 96..255) | CLOSING flag (bit 95) | deposit (bits 0..94)`.
///   Zero means "never opened, or closed".
/// - slot B, `_progress[channelId]`, written by the first {redeem} (never by {openChannels}):
///   `publisher (bits 96..255) | paid (bits 0..95)`; the publisher is cached there so that later
///   redemptions need not look up the page.
/// - slot C, `_closesAt[channelId]`, written by {startClose} only: the end of the challenge period.
///   Redemption reads it only when slot A's CLOSING flag is set.
/// - `_pages[channelId >> PAGE_BITS]`, one slot per {openChannels} call, shared by all its channels:
///   `channel count (bits 160..175) | publisher (bits 0..159)`.
///
/// Why this shape: a channel needs its provider (160 bits) and its deposit from the start, which
/// fills one slot, so neither the publisher nor `paid` fits there. The publisher is the same for a
/// whole batch, so every {openChannels} call starts on a fresh page of `2**PAGE_BITS` ids and stores
/// the publisher once for the page; channel `(page << PAGE_BITS) | k` (k = 1 .. n) finds it with a
/// shift. Ids increase and are never reused, but they are not dense. `paid` needs a second slot,
/// which only a channel redeemed before its close pays for: its first {redeem} writes a fresh slot
/// (about 20,000 gas more than later ones), while {closeByProvider} on a never-redeemed channel
/// writes none. A layout that also met the 55,000 target on a channel's FIRST redeem would need the
/// second slot to exist from the opening, i.e. two fresh slots (over 44,000 gas) per channel there.
/// Closing clears slots A, B and C (gas refunds), so a closed channel reads as all-zero except its
/// page, which tells "closed" from "never opened".
///
/// A channel holds at most `2**95 - 1` wei (about 3.9e10 XEN, far above XenCoin's supply);
/// {openChannels} and {topUp} revert with {PaymentChannelsDepositTooLarge} beyond that.
/// `paid <= deposit` always holds, and a channel's deposit only grows while it is open.
contract PaymentChannels is IPaymentChannels, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The EIP-712 type hash of `Voucher(uint256 channelId,uint256 cumulativeAmount)`.
    /// @dev The keccak256 of a constant string is computed at compile time, so solhint's gas-small-strings
    /// (strings over 32 bytes cost gas) does not apply.
    bytes32 public constant VOUCHER_TYPEHASH =
        keccak256("Voucher(uint256 channelId,uint256 cumulativeAmount)"); // solhint-disable-line gas-small-strings

    /// @inheritdoc IPaymentChannels
    /// @dev Must stay below `2**PAGE_BITS`: a batch's ids are `page << PAGE_BITS | k`, k = 1 .. n.
    uint256 public constant MAX_CHANNELS_PER_BATCH = 1000;

    /// @inheritdoc IPaymentChannels
    uint256 public constant MAX_CHANNEL_DEPOSIT = (1 << 95) - 1;

    /// @notice The longest challenge period the constructor accepts, in seconds (one year).
    uint64 public constant MAX_CHALLENGE_PERIOD = 365 days;

    /// @dev log2 of the number of ids per page; each {openChannels} call takes one page.
    uint256 private constant PAGE_BITS = 10;

    /// @dev Low `PAGE_BITS` bits of a channel id: its position in its page, 1-based.
    uint256 private constant PAGE_OFFSET_MASK = (1 << PAGE_BITS) - 1;

    /// @dev Slot A: the deposit bits.
    uint256 private constant DEPOSIT_MASK = (1 << 95) - 1;

    /// @dev Slot A: set once the publisher called {startClose}.
    uint256 private constant CLOSING_FLAG = 1 << 95;

    /// @dev Slot B: the paid bits.
    uint256 private constant PAID_MASK = type(uint96).max;

    /// @dev Where the provider starts in slot A and the publisher in slot B.
    uint256 private constant ADDRESS_SHIFT = 96;

    /// @dev Where a page's channel count starts.
    uint256 private constant COUNT_SHIFT = 160;

    /// @dev The token held in escrow and paid through the channels.
    IERC20 private immutable _token;

    /// @dev How long vouchers stay redeemable after {startClose}, in seconds.
    uint64 private immutable _challengePeriod;

    /// @dev The next page {openChannels} hands out; page 0 holds ids 1 .. n of the first batch.
    uint64 private _nextPage;

    /// @dev How many channels were ever opened (packed with `_nextPage`: one slot write per batch).
    uint192 private _channelCount;

    /// @dev Free escrow per account, in wei.
    mapping(address account => uint256) private _escrow;

    /// @dev Slot A per channel: `provider << 96 | CLOSING_FLAG | deposit`. Zero when never opened or closed.
    mapping(uint256 channelId => uint256) private _channels;

    /// @dev Slot B per channel: `publisher << 96 | paid`. Zero until the first redemption.
    mapping(uint256 channelId => uint256) private _progress;

    /// @dev Slot C per channel: when its challenge period ends. Zero until {startClose}.
    mapping(uint256 channelId => uint64) private _closesAt;

    /// @dev Per page (one per {openChannels} call): `count << 160 | publisher`.
    mapping(uint256 page => uint256) private _pages;

    /// @notice Creates the channel contract for `token` with a challenge period of `challengePeriod_`.
    /// @param token_ the ERC-20 token held and paid (XenCoin); not the zero address
    /// @param challengePeriod_ seconds vouchers stay redeemable after {startClose}; 1 .. MAX_CHALLENGE_PERIOD
    constructor(address token_, uint64 challengePeriod_) EIP712("Zennet PaymentChannels", "1") {
        if (token_ == address(0)) {
            revert PaymentChannelsZeroToken();
        }
        if (challengePeriod_ == 0 || challengePeriod_ > MAX_CHALLENGE_PERIOD) {
            revert PaymentChannelsInvalidChallengePeriod(challengePeriod_, MAX_CHALLENGE_PERIOD);
        }
        _token = IERC20(token_);
        _challengePeriod = challengePeriod_;
    }

    // ----------------------------------------------------------------------------------------
    // Escrow
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IPaymentChannels
    function deposit(uint256 amount) external nonReentrant {
        _deposit(msg.sender, amount);
    }

    /// @inheritdoc IPaymentChannels
    function depositFor(address account, uint256 amount) external nonReentrant {
        if (account == address(0)) {
            revert PaymentChannelsZeroAccount();
        }
        _deposit(account, amount);
    }

    /// @inheritdoc IPaymentChannels
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) {
            revert PaymentChannelsZeroAmount();
        }
        uint256 available = _escrow[msg.sender];
        if (available < amount) {
            revert PaymentChannelsInsufficientEscrow(msg.sender, available, amount);
        }
        unchecked {
            // available >= amount was checked just above.
            _escrow[msg.sender] = available - amount;
        }
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IPaymentChannels
    function escrowOf(address publisher) external view returns (uint256) {
        return _escrow[publisher];
    }

    // ----------------------------------------------------------------------------------------
    // Channels
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IPaymentChannels
    function openChannels(uint256 jobId, address[] calldata providers, uint256[] calldata amounts)
        external
        returns (uint256 firstChannelId)
    {
        uint256 n = providers.length;
        if (n != amounts.length) {
            revert PaymentChannelsBatchLengthMismatch(n, amounts.length);
        }
        if (n == 0) {
            revert PaymentChannelsEmptyBatch();
        }
        if (n > MAX_CHANNELS_PER_BATCH) {
            revert PaymentChannelsBatchTooLarge(n, MAX_CHANNELS_PER_BATCH);
        }
        firstChannelId = _newPage(n);
        uint256 total = 0;
        for (uint256 i = 0; i < n; ++i) {
            address provider = providers[i];
            uint256 amount = amounts[i];
            if (provider == address(0)) {
                revert PaymentChannelsZeroProvider(i);
            }
            if (provider == msg.sender) {
                revert PaymentChannelsProviderIsPublisher(i);
            }
            if (amount == 0) {
                revert PaymentChannelsZeroDeposit(i);
            }
            if (amount > MAX_CHANNEL_DEPOSIT) {
                revert PaymentChannelsDepositTooLarge(amount, MAX_CHANNEL_DEPOSIT);
            }
            unchecked {
                // At most MAX_CHANNELS_PER_BATCH (1000) amounts below 2**95 sum to less than 2**105.
                total += amount;
            }
            _open(firstChannelId, i, provider, amount, jobId);
        }

        uint256 available = _escrow[msg.sender];
        if (available < total) {
            revert PaymentChannelsInsufficientEscrow(msg.sender, available, total);
        }
        unchecked {
            // available >= total was checked just above.
            _escrow[msg.sender] = available - total;
        }
    }

    /// @inheritdoc IPaymentChannels
    function topUp(uint256 channelId, uint256 amount) external {
        if (amount == 0) {
            revert PaymentChannelsZeroAmount();
        }
        uint256 channel = _requireOpen(channelId);
        if (_publisherOf(channelId) != msg.sender) {
            revert PaymentChannelsNotPublisher(channelId, msg.sender);
        }
        if (channel & CLOSING_FLAG != 0) {
            revert PaymentChannelsCloseAlreadyStarted(channelId, _closesAt[channelId]);
        }
        uint256 channelDeposit = channel & DEPOSIT_MASK;
        uint256 room = MAX_CHANNEL_DEPOSIT - channelDeposit;
        if (amount > room) {
            revert PaymentChannelsDepositTooLarge(amount, room);
        }
        uint256 newDeposit;
        uint256 available = _escrow[msg.sender];
        if (available < amount) {
            revert PaymentChannelsInsufficientEscrow(msg.sender, available, amount);
        }
        unchecked {
            // available >= amount was checked just above. deposit + amount <= MAX_CHANNEL_DEPOSIT
            // (checked) and the CLOSING flag is clear, so adding `amount` only changes the deposit bits.
            _escrow[msg.sender] = available - amount;
            newDeposit = channelDeposit + amount;
            _channels[channelId] = channel + amount;
        }
        emit ToppedUp(channelId, amount, newDeposit);
    }

    /// @inheritdoc IPaymentChannels
    function redeem(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature) external nonReentrant {
        (address provider, uint256 amount) = _redeem(channelId, cumulativeAmount, signature);
        _token.safeTransfer(provider, amount);
    }

    /// @inheritdoc IPaymentChannels
    function redeemMany(
        uint256[] calldata channelIds,
        uint256[] calldata cumulativeAmounts,
        bytes[] calldata signatures
    ) external nonReentrant {
        uint256 n = channelIds.length;
        if (n != cumulativeAmounts.length || n != signatures.length) {
            revert PaymentChannelsRedeemLengthMismatch(n, cumulativeAmounts.length, signatures.length);
        }
        if (n == 0) {
            revert PaymentChannelsEmptyBatch();
        }
        // Effects for every voucher first, transfers after (checks-effects-interactions).
        address[] memory payees = new address[](n);
        uint256[] memory payments = new uint256[](n);
        uint256 transfers = 0;
        for (uint256 i = 0; i < n; ++i) {
            (address provider, uint256 amount) = _redeem(channelIds[i], cumulativeAmounts[i], signatures[i]);
            if (transfers != 0 && payees[transfers - 1] == provider) {
                payments[transfers - 1] += amount;
            } else {
                payees[transfers] = provider;
                payments[transfers] = amount;
                ++transfers;
            }
        }
        for (uint256 i = 0; i < transfers; ++i) {
            _token.safeTransfer(payees[i], payments[i]);
        }
    }

    /// @inheritdoc IPaymentChannels
    function closeByProvider(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature)
        external
        nonReentrant
    {
        uint256 channel = _requireOpen(channelId);
        address provider = address(uint160(channel >> ADDRESS_SHIFT));
        if (provider != msg.sender) {
            revert PaymentChannelsNotProvider(channelId, msg.sender);
        }
        bool closing = channel & CLOSING_FLAG != 0;
        if (closing) {
            _requireRedeemable(channelId);
        }
        uint256 progress = _progress[channelId];
        uint256 paid = progress & PAID_MASK;
        address publisher = _cachedPublisher(channelId, progress);
        uint256 channelDeposit = channel & DEPOSIT_MASK;
        uint256 owed = cumulativeAmount < channelDeposit ? cumulativeAmount : channelDeposit;
        uint256 amount = 0;
        if (owed > paid) {
            _requireSignedBy(publisher, channelId, cumulativeAmount, signature);
            unchecked {
                // owed > paid was checked just above.
                amount = owed - paid;
            }
            paid = owed;
        }
        uint256 returned;
        unchecked {
            // paid <= deposit always: paid only ever becomes min(cumulativeAmount, deposit).
            returned = channelDeposit - paid;
        }

        _clear(channelId, progress, closing);
        if (returned != 0) {
            _escrow[publisher] += returned;
        }
        if (amount != 0) {
            emit Redeemed(channelId, provider, cumulativeAmount, amount);
        }
        emit ChannelClosed(channelId, paid, returned);

        if (amount != 0) {
            _token.safeTransfer(provider, amount);
        }
    }

    /// @inheritdoc IPaymentChannels
    function startClose(uint256 channelId) external {
        uint256 channel = _requireOpen(channelId);
        if (_publisherOf(channelId) != msg.sender) {
            revert PaymentChannelsNotPublisher(channelId, msg.sender);
        }
        if (channel & CLOSING_FLAG != 0) {
            revert PaymentChannelsCloseAlreadyStarted(channelId, _closesAt[channelId]);
        }
        uint64 closesAt = uint64(block.timestamp) + _challengePeriod;
        _closesAt[channelId] = closesAt;
        _channels[channelId] = channel | CLOSING_FLAG;
        emit CloseStarted(channelId, closesAt);
    }

    /// @inheritdoc IPaymentChannels
    function settle(uint256 channelId) external nonReentrant {
        uint256 channel = _requireOpen(channelId);
        if (channel & CLOSING_FLAG == 0) {
            revert PaymentChannelsCloseNotStarted(channelId);
        }
        uint64 closesAt = _closesAt[channelId];
        if (block.timestamp < closesAt) {
            revert PaymentChannelsChallengePeriodActive(channelId, closesAt);
        }
        uint256 progress = _progress[channelId];
        uint256 paid = progress & PAID_MASK;
        uint256 returned;
        unchecked {
            // paid <= deposit always: paid only ever becomes min(cumulativeAmount, deposit).
            returned = (channel & DEPOSIT_MASK) - paid;
        }
        address publisher = _cachedPublisher(channelId, progress);
        _clear(channelId, progress, true);
        if (returned != 0) {
            _escrow[publisher] += returned;
        }
        emit ChannelClosed(channelId, paid, returned);
    }

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IPaymentChannels
    function channelInfo(uint256 channelId)
        external
        view
        returns (address, address, uint256, uint256, uint64)
    {
        if (_state(channelId) == ChannelState.None) {
            return (address(0), address(0), 0, 0, 0);
        }
        uint256 channel = _channels[channelId];
        return (
            _publisherOf(channelId),
            address(uint160(channel >> ADDRESS_SHIFT)),
            channel & DEPOSIT_MASK,
            _progress[channelId] & PAID_MASK,
            _closesAt[channelId]
        );
    }

    /// @inheritdoc IPaymentChannels
    function channelState(uint256 channelId) external view returns (ChannelState) {
        return _state(channelId);
    }

    /// @inheritdoc IPaymentChannels
    function challengePeriod() external view returns (uint64) {
        return _challengePeriod;
    }

    /// @inheritdoc IPaymentChannels
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IPaymentChannels
    function channelCount() external view returns (uint256) {
        return _channelCount;
    }

    /// @inheritdoc IPaymentChannels
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ----------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------

    /// @dev Credits `amount` to `account`'s free escrow and pulls it from the caller.
    function _deposit(address account, uint256 amount) private {
        if (amount == 0) {
            revert PaymentChannelsZeroAmount();
        }
        _escrow[account] += amount;
        emit Deposited(account, msg.sender, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Hands out the next page to a batch of `n` channels opened by the caller; returns its first id.
    function _newPage(uint256 n) private returns (uint256 firstChannelId) {
        uint64 page = _nextPage;
        _nextPage = page + 1;
        _channelCount += uint192(n);
        _pages[page] = (n << COUNT_SHIFT) | uint256(uint160(msg.sender));
        firstChannelId = (uint256(page) << PAGE_BITS) + 1;
    }

    /// @dev Writes slot A of channel `firstChannelId + index` and announces it.
    function _open(uint256 firstChannelId, uint256 index, address provider, uint256 amount, uint256 jobId) private {
        uint256 channelId;
        unchecked {
            // index < n <= MAX_CHANNELS_PER_BATCH < 2**PAGE_BITS: the id stays inside the batch's page.
            channelId = firstChannelId + index;
        }
        _channels[channelId] = (uint256(uint160(provider)) << ADDRESS_SHIFT) | amount;
        emit ChannelOpened(channelId, msg.sender, provider, jobId, amount);
    }

    /// @dev Checks a voucher and records its payment; returns whom to pay and how much. The caller
    /// makes the transfer (after all effects, for {redeemMany}).
    function _redeem(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature)
        private
        returns (address provider, uint256 amount)
    {
        uint256 channel = _requireOpen(channelId);
        if (channel & CLOSING_FLAG != 0) {
            _requireRedeemable(channelId);
        }
        uint256 progress = _progress[channelId];
        uint256 paid = progress & PAID_MASK;
        uint256 channelDeposit = channel & DEPOSIT_MASK;
        uint256 owed = cumulativeAmount < channelDeposit ? cumulativeAmount : channelDeposit;
        if (owed <= paid) {
            revert PaymentChannelsNothingToRedeem(channelId);
        }
        address publisher = _cachedPublisher(channelId, progress);
        _requireSignedBy(publisher, channelId, cumulativeAmount, signature);
        provider = address(uint160(channel >> ADDRESS_SHIFT));
        unchecked {
            // owed > paid was checked above.
            amount = owed - paid;
        }
        // owed <= deposit < 2**95 fits the 96 paid bits; the publisher is cached for later redemptions.
        _progress[channelId] = (uint256(uint160(publisher)) << ADDRESS_SHIFT) | owed;
        emit Redeemed(channelId, provider, cumulativeAmount, amount);
    }

    /// @dev Clears a closing channel's slots (A always, B and C when they were written).
    function _clear(uint256 channelId, uint256 progress, bool closing) private {
        delete _channels[channelId];
        if (progress != 0) {
            delete _progress[channelId];
        }
        if (closing) {
            delete _closesAt[channelId];
        }
    }

    /// @dev Returns slot A of an open (or closing) channel; reverts if it is unknown or closed.
    function _requireOpen(uint256 channelId) private view returns (uint256 channel) {
        channel = _channels[channelId];
        if (channel == 0) {
            if (_state(channelId) == ChannelState.Closed) {
                revert PaymentChannelsAlreadyClosed(channelId);
            }
            revert PaymentChannelsUnknownChannel(channelId);
        }
    }

    /// @dev For a closing channel: reverts once its challenge period is over. From `closesAt` on,
    /// vouchers can no longer be redeemed and only {settle} remains.
    function _requireRedeemable(uint256 channelId) private view {
        uint64 closesAt = _closesAt[channelId];
        if (block.timestamp >= closesAt) {
            revert PaymentChannelsChallengePeriodOver(channelId, closesAt);
        }
    }

    /// @dev Reverts unless `signature` is `publisher`'s EIP-712 signature of the voucher.
    function _requireSignedBy(
        address publisher,
        uint256 channelId,
        uint256 cumulativeAmount,
        bytes calldata signature
    ) private view {
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, cumulativeAmount)));
        address signer = ECDSA.recoverCalldata(digest, signature);
        if (signer != publisher) {
            revert PaymentChannelsInvalidSigner(channelId, signer);
        }
    }

    /// @dev The publisher cached in slot B by an earlier redemption, else the page's.
    function _cachedPublisher(uint256 channelId, uint256 progress) private view returns (address publisher) {
        publisher = address(uint160(progress >> ADDRESS_SHIFT));
        if (publisher == address(0)) {
            publisher = _publisherOf(channelId);
        }
    }

    /// @dev The publisher of the batch (page) that channel `channelId` belongs to.
    function _publisherOf(uint256 channelId) private view returns (address) {
        return address(uint160(_pages[channelId >> PAGE_BITS]));
    }

    /// @dev A channel's state from its slot A and its page.
    function _state(uint256 channelId) private view returns (ChannelState) {
        uint256 channel = _channels[channelId];
        if (channel != 0) {
            return channel & CLOSING_FLAG == 0 ? ChannelState.Open : ChannelState.Closing;
        }
        uint256 offset = channelId & PAGE_OFFSET_MASK;
        uint256 page = _pages[channelId >> PAGE_BITS];
        if (page != 0 && offset != 0 && offset <= page >> COUNT_SHIFT) {
            return ChannelState.Closed;
        }
        return ChannelState.None;
    }
}
