// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IChannelRegistry
 * @notice One registry for every Cairn channel. It is the membership authority and the
 * message index: messages are emitted as opaque AES-wrapped IPFS CIDs and never stored.
 * Every state change has an event, so a client can rebuild all channel state from logs.
 *
 * Epochs start at 1. A member record holds the epoch the account joined in (0 = not a member).
 * Key material is opaque to the contract (formats in docs/PROTOCOL.md): for a public channel
 * the raw epoch key, for a private channel the epoch key sealed to one member.
 */
interface IChannelRegistry {
    /// @notice Public view of a channel.
    struct ChannelInfo {
        address admin;
        bool isPublic;
        uint64 epoch;
        uint32 memberCount;
    }

    // ---------------------------------------------------------------- errors
    error ChannelNotFound(uint256 channelId);
    error ChannelNotMember(uint256 channelId, address account);
    error ChannelNotAdmin(uint256 channelId, address account);
    error ChannelNotPublic(uint256 channelId);
    error ChannelIsPublic(uint256 channelId);
    error ChannelAlreadyMember(uint256 channelId, address account);
    error ChannelAdminCannotLeave(uint256 channelId, address admin);
    error ChannelInvalidAccount(address account);
    error ChannelInvalidMetadataLength(uint256 length, uint256 max);
    error ChannelInvalidKeyLength(uint256 length);
    error ChannelInvalidWrappedCidLength(uint256 length);
    error ChannelInvalidBatch(uint256 offset);
    error ChannelInvalidBatchSize(uint256 count, uint256 max);
    error ChannelInvalidMemberList(uint256 length);
    error ChannelLengthMismatch(uint256 accounts, uint256 keys);
    error ChannelEpochMismatch(uint256 channelId, uint64 expected, uint64 given);
    error ChannelDirectExists(uint256 channelId);
    error SessionKeyInvalid(address key);
    error SessionKeyInvalidExpiry(uint64 expiry, uint64 max);
    error SessionKeyUnauthorized(address wallet, address key);

    // ---------------------------------------------------------------- events
    /// @notice A channel was created. `keyMaterial` is the raw epoch-1 key (public) or the
    /// creator's sealed epoch-1 key (private). `metadata` is the channel's encoded metadata.
    event ChannelCreated(
        uint256 indexed channelId,
        address indexed creator,
        bool isPublic,
        bytes metadata,
        bytes keyMaterial
    );
    /// @notice A 1:1 channel between `creator` and `peer` was created (follows ChannelCreated).
    event DirectChannelCreated(uint256 indexed channelId, address indexed creator, address indexed peer);
    /// @notice The admin replaced the channel's metadata (encrypted under `epoch` if private).
    event MetadataUpdated(uint256 indexed channelId, uint64 epoch, bytes metadata);
    /// @notice `account` joined a public channel by itself.
    event MemberJoined(uint256 indexed channelId, address indexed account);
    /// @notice The admin added `account` to the channel in `epoch`.
    event MemberAdded(uint256 indexed channelId, address indexed account, uint64 epoch);
    /// @notice The admin removed `account`.
    event MemberRemoved(uint256 indexed channelId, address indexed account);
    /// @notice `account` left the channel by itself.
    event MemberLeft(uint256 indexed channelId, address indexed account);
    /// @notice The key of `epoch` was sealed to `account`.
    event EpochKeyShared(uint256 indexed channelId, uint64 indexed epoch, address indexed account, bytes sealedKey);
    /// @notice The admin started `epoch`; its key is shared by EpochKeyShared events in the same transaction.
    event KeyRotated(uint256 indexed channelId, uint64 indexed epoch);
    /// @notice The admin role moved from `previousAdmin` to `newAdmin`.
    event AdminTransferred(uint256 indexed channelId, address indexed previousAdmin, address indexed newAdmin);
    /// @notice `sender` (the wallet, also when a session key sent it) posted one message.
    event Posted(uint256 indexed channelId, address indexed sender, bytes wrappedCid);
    /// @notice `sender` posted several messages; `packed` is a sequence of (uint8 length, wrappedCid).
    event BatchPosted(uint256 indexed channelId, address indexed sender, bytes packed);
    /// @notice `wallet` authorised `key` to post on its behalf until `expiry` (unix seconds).
    event SessionKeyAuthorized(address indexed wallet, address indexed key, uint64 expiry);
    /// @notice `wallet` revoked `key`.
    event SessionKeyRevoked(address indexed wallet, address indexed key);

    // ---------------------------------------------------------------- channels
    /**
     * @notice Creates a channel with the caller as admin and only member, at epoch 1.
     * @param isPublic Public channels can be joined by anyone and publish their key.
     * @param metadata Encoded channel metadata (bounded length).
     * @param keyMaterial Raw epoch key (public) or the epoch key sealed to the caller (private).
     * @return channelId The new channel's id.
     */
    function createChannel(bool isPublic, bytes calldata metadata, bytes calldata keyMaterial)
        external
        returns (uint256 channelId);

    /**
     * @notice Creates a private channel with the caller as admin and `members` as members.
     * @param metadata Encoded, encrypted channel metadata.
     * @param creatorKey The epoch-1 key sealed to the caller.
     * @param members Initial members besides the caller (bounded length, no duplicates).
     * @param sealedKeys The epoch-1 key sealed to each of `members`, in the same order.
     * @return channelId The new channel's id.
     */
    function createPrivateChannel(
        bytes calldata metadata,
        bytes calldata creatorKey,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external returns (uint256 channelId);

    /**
     * @notice Creates the one private channel between the caller and `peer`; reverts with
     * ChannelDirectExists if the pair already has one.
     * @param peer The other wallet.
     * @param metadata Encoded, encrypted channel metadata.
     * @param creatorKey The epoch-1 key sealed to the caller.
     * @param peerKey The epoch-1 key sealed to `peer`.
     * @return channelId The new channel's id.
     */
    function createDirectChannel(
        address peer,
        bytes calldata metadata,
        bytes calldata creatorKey,
        bytes calldata peerKey
    ) external returns (uint256 channelId);

    /**
     * @notice Replaces the channel's metadata. Admin only.
     * @param channelId The channel.
     * @param metadata The new encoded metadata.
     */
    function updateMetadata(uint256 channelId, bytes calldata metadata) external;

    // ---------------------------------------------------------------- membership
    /**
     * @notice Joins a public channel as the caller.
     * @param channelId The channel.
     */
    function join(uint256 channelId) external;

    /**
     * @notice Leaves a channel. The admin must hand the role over first.
     * @param channelId The channel.
     */
    function leave(uint256 channelId) external;

    /**
     * @notice Adds `account` with the current epoch key sealed to it. Admin only.
     * @param channelId The channel.
     * @param account The new member.
     * @param sealedKey The current epoch key sealed to `account`.
     */
    function addMember(uint256 channelId, address account, bytes calldata sealedKey) external;

    /**
     * @notice Shares older epoch keys with a member (the admin's choice at invite time). Admin only.
     * @param channelId The channel.
     * @param account A current member.
     * @param epochs Epochs (each ≤ the current epoch) whose keys are shared.
     * @param sealedKeys The key of each epoch sealed to `account`, in the same order.
     */
    function shareEpochKeys(
        uint256 channelId,
        address account,
        uint64[] calldata epochs,
        bytes[] calldata sealedKeys
    ) external;

    /**
     * @notice Removes `account`. Admin only; the admin cannot remove itself. A private channel
     * should rotate its key in the same transaction (see `removeMemberAndRotate`).
     * @param channelId The channel.
     * @param account The member to remove.
     */
    function removeMember(uint256 channelId, address account) external;

    /**
     * @notice Starts a new epoch whose key is sealed to every current member. Admin only.
     * `members` must be exactly the current members in strictly ascending address order.
     * @param channelId A private channel.
     * @param members All current members, ascending.
     * @param sealedKeys The new epoch key sealed to each member, in the same order.
     */
    function rotateKey(uint256 channelId, address[] calldata members, bytes[] calldata sealedKeys) external;

    /**
     * @notice Removes `account` and starts a new epoch sealed only to the remaining members,
     * atomically. Admin only.
     * @param channelId A private channel.
     * @param account The member to remove.
     * @param members All remaining members, ascending.
     * @param sealedKeys The new epoch key sealed to each remaining member, in the same order.
     */
    function removeMemberAndRotate(
        uint256 channelId,
        address account,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external;

    /**
     * @notice Hands the admin role to another member. Admin only.
     * @param channelId The channel.
     * @param newAdmin A current member.
     */
    function transferAdmin(uint256 channelId, address newAdmin) external;

    // ---------------------------------------------------------------- messages
    /**
     * @notice Posts one message as the caller. Members only.
     * @param channelId The channel.
     * @param wrappedCid The AES-wrapped CID of the message block (1..MAX_WRAPPED_CID_LENGTH bytes).
     */
    function post(uint256 channelId, bytes calldata wrappedCid) external;

    /**
     * @notice Posts several messages in one event. Members only.
     * @param channelId The channel.
     * @param packed A sequence of (uint8 length ‖ wrappedCid), 1..MAX_BATCH_SIZE items.
     */
    function postBatch(uint256 channelId, bytes calldata packed) external;

    /**
     * @notice Posts one message on behalf of `wallet`, as a session key `wallet` authorised.
     * @param wallet The wallet the message is attributed to; must be a member.
     * @param channelId The channel.
     * @param wrappedCid The AES-wrapped CID.
     */
    function postAs(address wallet, uint256 channelId, bytes calldata wrappedCid) external;

    /**
     * @notice Posts several messages on behalf of `wallet`, as a session key `wallet` authorised.
     * @param wallet The wallet the messages are attributed to; must be a member.
     * @param channelId The channel.
     * @param packed A sequence of (uint8 length ‖ wrappedCid).
     */
    function postBatchAs(address wallet, uint256 channelId, bytes calldata packed) external;

    // ---------------------------------------------------------------- session keys
    /**
     * @notice Authorises `key` to post for the caller until `expiry`, and forwards any ETH
     * sent to `key` so it can pay for gas. Replaces an earlier expiry for the same key.
     * @param key The session key's address (not zero, not the caller).
     * @param expiry Unix time after which the key is refused (future, at most MAX_SESSION_DURATION ahead).
     */
    function authorizeSessionKey(address key, uint64 expiry) external payable;

    /**
     * @notice Revokes the caller's authorisation of `key`, effective immediately.
     * @param key The session key.
     */
    function revokeSessionKey(address key) external;

    // ---------------------------------------------------------------- views
    /// @notice Channel record; reverts with ChannelNotFound for an unknown id.
    function channelInfo(uint256 channelId) external view returns (ChannelInfo memory);

    /// @notice Whether `account` is currently a member.
    function isMember(uint256 channelId, address account) external view returns (bool);

    /// @notice The epoch `account` joined in (0 when not a member).
    function memberSince(uint256 channelId, address account) external view returns (uint64);

    /// @notice The channel's current key epoch; reverts with ChannelNotFound for an unknown id.
    function currentEpoch(uint256 channelId) external view returns (uint64);

    /// @notice The number of current members; reverts with ChannelNotFound for an unknown id.
    function memberCount(uint256 channelId) external view returns (uint32);

    /// @notice The number of channels ever created (ids run from 1 to this).
    function channelCount() external view returns (uint256);

    /// @notice The 1:1 channel of the pair (order-independent), or 0 if none.
    function directChannelOf(address a, address b) external view returns (uint256);

    /// @notice Expiry of `key` for `wallet`, or 0 if never authorised or revoked.
    function sessionKeyExpiry(address wallet, address key) external view returns (uint64);
}
