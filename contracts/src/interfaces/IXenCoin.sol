// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title XenCoin (XEN), the currency of the Zennet market
/// @notice An ERC-20 token with EIP-2612 permits whose whole supply is minted once, at deployment,
/// to the genesis holders. There is no owner, no mint, no burn and no pause.
interface IXenCoin is IERC20, IERC20Metadata, IERC20Permit {
    /// @notice The genesis distribution lists `holders` addresses but `amounts` amounts.
    error XenCoinDistributionLengthMismatch(uint256 holders, uint256 amounts);

    /// @notice The genesis distribution is empty: a token with no supply is of no use.
    error XenCoinEmptyDistribution();

    /// @notice A genesis holder was given nothing; leave it out of the distribution instead.
    error XenCoinZeroAllocation(address holder);
}
