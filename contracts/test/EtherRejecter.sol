// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test helper: a contract without receive/fallback, so any ETH sent to it is refused.
contract EtherRejecter {}
