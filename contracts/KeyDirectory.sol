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

    /// @dev The X25519 points of small order (RFC 7748 u-coordinates as the 32 little-endian bytes
    /// read big-endian into a bytes32, bit 255 cleared): 0, 1, the two points of order 8, p − 1,
    /// p and p + 1. Shared secrets with them take at most 8 values, so a seal to them is public.
    bytes32 private constant _LOW_ORDER_1 = 0x0100000000000000000000000000000000000000000000000000000000000000;
    bytes32 private constant _LOW_ORDER_8A = 0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800;
    bytes32 private constant _LOW_ORDER_8B = 0x5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157;
    bytes32 private constant _LOW_ORDER_P_MINUS_1 = 0xecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f;
    bytes32 private constant _LOW_ORDER_P = 0xedffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f;
    bytes32 private constant _LOW_ORDER_P_PLUS_1 = 0xeeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f;
    /// @dev Bit 255 of the u-coordinate: the top bit of its last little-endian byte.
    bytes32 private constant _BIT_255 = bytes32(uint256(0x80));

    /// @dev Two slots: the key, then when it was published and how many keys came before.
    struct KeyRecord {
        bytes32 key;
        uint64 publishedBlock;
        uint32 keyCount;
    }

    mapping(address account => KeyRecord) private _records;
    mapping(address account => mapping(bytes32 key => bytes backup)) private _backups;

    /// @inheritdoc IKeyDirectory
    function publishKey(bytes32 key) external {
        _publishKey(key);
    }

    /// @inheritdoc IKeyDirectory
    function publishKeyWithBackup(bytes32 key, bytes calldata backup) external {
        if (backup.length == 0) revert KeyDirectoryEmptyBackup();
        if (backup.length > MAX_BACKUP_LENGTH) revert KeyDirectoryBackupTooLong(backup.length, MAX_BACKUP_LENGTH);
        if (_publishKey(key) == key) revert KeyDirectoryKeyAlreadyPublished(key);
        _backups[msg.sender][key] = backup;
        emit KeyBackupStored(msg.sender, key, backup);
    }

    /// @inheritdoc IKeyDirectory
    function keyOf(address account) external view returns (bytes32 key) {
        return _records[account].key;
    }

    /// @inheritdoc IKeyDirectory
    function keyRecordOf(address account) external view returns (bytes32 key, uint64 publishedBlock, uint32 keyCount) {
        KeyRecord storage record = _records[account];
        return (record.key, record.publishedBlock, record.keyCount);
    }

    /// @inheritdoc IKeyDirectory
    function keyBackupOf(address account) external view returns (bytes memory backup) {
        return _backups[account][_records[account].key];
    }

    /// @dev Validates and records `key` as the caller's key; returns the key it replaces.
    function _publishKey(bytes32 key) private returns (bytes32 previousKey) {
        bytes32 u = key & ~_BIT_255;
        if (
            u == bytes32(0) || u == _LOW_ORDER_1 || u == _LOW_ORDER_8A || u == _LOW_ORDER_8B
                || u == _LOW_ORDER_P_MINUS_1 || u == _LOW_ORDER_P || u == _LOW_ORDER_P_PLUS_1
        ) revert KeyDirectoryInvalidKey(key);
        KeyRecord storage record = _records[msg.sender];
        previousKey = record.key;
        record.key = key;
        record.publishedBlock = uint64(block.number);
        ++record.keyCount;
        emit KeyPublished(msg.sender, key, previousKey);
    }
}
