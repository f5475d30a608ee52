// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IKeyDirectory
 * @notice Address → X25519 public key lookup. A wallet can only publish its own key, optionally
 * with an encrypted backup of the matching private key (the passphrase fallback, PROTOCOL.md §11).
 */
interface IKeyDirectory {
    /// @notice `key` cannot be published: the zero key (how "no key" is represented) or an X25519
    /// point of small order (with or without bit 255), which would make every seal to it readable.
    error KeyDirectoryInvalidKey(bytes32 key);

    /// @notice A key backup cannot be empty.
    error KeyDirectoryEmptyBackup();

    /// @notice A key backup of `length` bytes exceeds `max` (256).
    error KeyDirectoryBackupTooLong(uint256 length, uint256 max);

    /// @notice A backup comes only with a new key: `key` already is the caller's current key
    /// (a passphrase change means a new identity key, so older backups open nothing current).
    error KeyDirectoryKeyAlreadyPublished(bytes32 key);

    /// @notice Emitted whenever `account` publishes or replaces its key.
    event KeyPublished(address indexed account, bytes32 key, bytes32 previousKey);

    /// @notice Emitted when `account` stores `backup`, the encrypted private key matching `key`.
    event KeyBackupStored(address indexed account, bytes32 key, bytes backup);

    /**
     * @notice Publishes or replaces the caller's 32-byte X25519 public key, without a backup.
     * Afterwards `keyBackupOf(caller)` returns only a backup stored for this very key (none for a
     * new key), so a backup of an older key is never served. Touches no backup storage.
     * @param key The new public key; neither zero nor a small-order point.
     */
    function publishKey(bytes32 key) external;

    /**
     * @notice Publishes a new key for the caller and stores, in the same call, an encrypted
     * backup of the matching private key. The backup is public: its secrecy rests entirely on
     * the client's encryption (Cairn: scrypt + AES-256-GCM under a passphrase). The caller's
     * current key is refused, so a backup is never replaced under the same key.
     * @param key The new public key; neither zero, nor a small-order point, nor the current key.
     * @param backup The encrypted private key, 1 to 256 bytes (Cairn's format: 81 bytes).
     */
    function publishKeyWithBackup(bytes32 key, bytes calldata backup) external;

    /**
     * @notice The key `account` last published, or zero if it never did.
     * @param account The wallet address to look up.
     * @return key The X25519 public key.
     */
    function keyOf(address account) external view returns (bytes32 key);

    /**
     * @notice The key `account` last published with the block it was published in and how many
     * keys it published so far, so that clients notice a key change with one view call.
     * @param account The wallet address to look up.
     * @return key The X25519 public key (zero if none).
     * @return publishedBlock The block of the latest KeyPublished of `account` (0 if none).
     * @return keyCount The number of KeyPublished events of `account`.
     */
    function keyRecordOf(address account) external view returns (bytes32 key, uint64 publishedBlock, uint32 keyCount);

    /**
     * @notice The backup `account` stored with its current key, or empty bytes if there is none
     * (no key, or the current key was published without a backup).
     * @param account The wallet address to look up.
     * @return backup The encrypted private key as stored by publishKeyWithBackup.
     */
    function keyBackupOf(address account) external view returns (bytes memory backup);
}
