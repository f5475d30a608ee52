// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Empty by design: the contract must have no receive or fallback function.
// solhint-disable no-empty-blocks

/**
 * @title EtherRejecter
 * @notice Test helper: a contract without receive or fallback, so any ETH sent to it is refused.
 */
contract EtherRejecter {}
