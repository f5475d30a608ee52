// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IKeyDirectory
 * @notice Address → X25519 public key lookup. A wallet can only publish its own key.
 */
interface IKeyDirectory {
    /// @notice The zero key cannot be published: it is how "no key" is represented.
    error KeyDirectoryInvalidKey();

    /// @notice Emitted whenever `account` publishes or replaces its key.
    event KeyPublished(address indexed account, bytes32 key, bytes32 previousKey);

    /**
     * @notice Publishes or replaces the caller's 32-byte X25519 public key.
     * @param key The new public key; must not be zero.
     */
    function publishKey(bytes32 key) external;

    /**
     * @notice The key `account` last published, or zero if it never did.
     * @param account The wallet address to look up.
     * @return key The X25519 public key.
     */
    function keyOf(address account) external view returns (bytes32 key);
}
