// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken (test only)
/// @notice A hostile ERC-20 for tests: once armed with {arm}, its next `transfer` or `transferFrom`
/// first calls `target` with `data` (trying to re-enter it in the middle of a token movement), records
/// whether that call reverted and with what data, and then moves the tokens as usual. Used to prove
/// that PaymentChannels' `nonReentrant` functions reject re-entry. Never deploy it anywhere else.
contract ReentrantToken is ERC20 {
    /// @notice The contract the armed callback calls; zero when disarmed.
    address public target;

    /// @notice The calldata of the armed callback.
    bytes public callbackData;

    /// @notice How many callbacks were made so far.
    uint256 public callbackCount;

    /// @notice Whether the last callback reverted.
    bool public lastCallbackFailed;

    /// @notice What the last callback returned, or its revert data if it reverted (for a custom
    /// error: its 4-byte selector followed by the ABI-encoded arguments).
    bytes public lastCallbackData;

    /// @notice The callback was made: `target` was called and `failed` says whether it reverted.
    /// @param target the contract called back
    /// @param failed whether the callback reverted
    /// @param returnData its return data, or its revert data
    event CallbackMade(address indexed target, bool failed, bytes returnData);

    /// @notice Creates the token and mints `supply` to `holder`.
    /// @param holder the account receiving the whole supply
    /// @param supply the amount minted, in wei
    constructor(address holder, uint256 supply) ERC20("Reentrant Token", "REENTER") {
        _mint(holder, supply);
    }

    /// @notice Arms the token: its next `transfer` or `transferFrom` calls `target_` with `data`
    /// before moving the tokens. One shot: the token disarms itself before making the callback.
    /// @param target_ the contract to call back into
    /// @param data the calldata of the callback (selector and arguments)
    function arm(address target_, bytes calldata data) external {
        target = target_;
        callbackData = data;
    }

    /// @notice Disarms the token without making a callback.
    function disarm() external {
        target = address(0);
        delete callbackData;
    }

    /// @notice ERC-20 transfer, preceded by the armed callback if any.
    /// @param to the recipient
    /// @param value the amount
    /// @return true, as ERC-20 requires
    function transfer(address to, uint256 value) public override returns (bool) {
        _fireCallback();
        return super.transfer(to, value);
    }

    /// @notice ERC-20 transferFrom, preceded by the armed callback if any.
    /// @param from the owner of the tokens
    /// @param to the recipient
    /// @param value the amount
    /// @return true, as ERC-20 requires
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _fireCallback();
        return super.transferFrom(from, to, value);
    }

    /// @dev Makes the armed callback, if any, and records its outcome. Never reverts because of it.
    function _fireCallback() private {
        address callee = target;
        if (callee == address(0)) {
            return;
        }
        bytes memory data = callbackData;
        target = address(0);
        delete callbackData;
        (bool ok, bytes memory returnData) = callee.call(data);
        ++callbackCount;
        lastCallbackFailed = !ok;
        lastCallbackData = returnData;
        emit CallbackMade(callee, !ok, returnData);
    }
}
