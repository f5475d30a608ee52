// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKeyDirectory} from "./interfaces/IKeyDirectory.sol";

/**
 * @title KeyDirectory
 * @notice Address → X25519 public key lookup ("user-id lookup"). Each wallet publishes and
 * replaces only its own key; nobody can write a key for another address.
 * @dev Backups are stored per (account, key): keyBackupOf serves the one stored with the current
 * key, so replacing the key makes an older key's backup unreachable without touching storage,
 * and publishKey costs the same as it would without backups.
 */
contract KeyDirectory is IKeyDirectory {
    /// @notice Upper bound on a stored backup, in bytes (Cairn's backups have 81).
    uint256 public constant MAX_BACKUP_LENGTH = 256;

    mapping(address account => bytes32 key) private _keys;
    mapping(address account => mapping(bytes32 key => bytes backup)) private _backups;

    /// @inheritdoc IKeyDirectory
    function publishKey(bytes32 key) external {
        _publishKey(key);
    }

    /// @inheritdoc IKeyDirectory
    function publishKeyWithBackup(bytes32 key, bytes calldata backup) external {
        if (backup.length == 0 || backup.length > MAX_BACKUP_LENGTH) revert KeyDirectoryInvalidBackup(backup.length);
        _publishKey(key);
        _backups[msg.sender][key] = backup;
        emit KeyBackupStored(msg.sender, key, backup);
    }

    /// @inheritdoc IKeyDirectory
    function keyOf(address account) external view returns (bytes32 key) {
        return _keys[account];
    }

    /// @inheritdoc IKeyDirectory
    function keyBackupOf(address account) external view returns (bytes memory backup) {
        return _backups[account][_keys[account]];
    }

    function _publishKey(bytes32 key) private {
        if (key == bytes32(0)) revert KeyDirectoryInvalidKey();
        bytes32 previousKey = _keys[msg.sender];
        _keys[msg.sender] = key;
        emit KeyPublished(msg.sender, key, previousKey);
    }
}
