// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKeyDirectory} from "./interfaces/IKeyDirectory.sol";

/**
 * @title KeyDirectory
 * @notice Address → X25519 public key lookup ("user-id lookup"). Each wallet publishes and
 * replaces only its own key; nobody can write a key for another address.
 */
contract KeyDirectory is IKeyDirectory {
    mapping(address account => bytes32 key) private _keys;

    /// @inheritdoc IKeyDirectory
    function publishKey(bytes32 key) external {
        if (key == bytes32(0)) revert KeyDirectoryInvalidKey();
        bytes32 previousKey = _keys[msg.sender];
        _keys[msg.sender] = key;
        emit KeyPublished(msg.sender, key, previousKey);
    }

    /// @inheritdoc IKeyDirectory
    function keyOf(address account) external view returns (bytes32 key) {
        return _keys[account];
    }
}
