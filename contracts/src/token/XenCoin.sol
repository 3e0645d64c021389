// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IXenCoin} from "../interfaces/IXenCoin.sol";

/// @title XenCoin (XEN)
/// @notice The fixed-supply currency of the Zennet market: ERC-20 with EIP-2612 permits,
/// 18 decimals. The constructor mints the whole supply to the genesis holders; nothing can
/// mint, burn or pause afterwards, and the contract has no owner.
contract XenCoin is ERC20Permit, IXenCoin {
    /// @notice Creates the token and mints the entire supply: `amounts[i]` to `holders[i]`.
    /// @dev A holder listed twice receives the sum of its amounts. The zero address is rejected
    /// by OpenZeppelin's `_mint` with `ERC20InvalidReceiver(address(0))`.
    /// @param holders the genesis holders (a treasury, founders, dev accounts ...)
    /// @param amounts what each holder receives, in wei (10^-18 XEN)
    constructor(address[] memory holders, uint256[] memory amounts)
        ERC20("XenCoin", "XEN")
        ERC20Permit("XenCoin")
    {
        if (holders.length != amounts.length) {
            revert XenCoinDistributionLengthMismatch(holders.length, amounts.length);
        }
        if (holders.length == 0) {
            revert XenCoinEmptyDistribution();
        }
        for (uint256 i = 0; i < holders.length; ++i) {
            if (amounts[i] == 0) {
                revert XenCoinZeroAllocation(holders[i]);
            }
            _mint(holders[i], amounts[i]);
        }
    }

    /// @notice The current EIP-2612 nonce of `owner`: its next permit must be signed with it, and every
    /// permit used increments it, so a permit cannot be replayed.
    /// @dev Overridden only because both ERC20Permit and IERC20Permit declare it.
    /// @param owner the token holder
    /// @return the nonce the next permit of `owner` must carry
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
