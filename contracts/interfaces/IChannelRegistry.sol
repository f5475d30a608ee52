// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IChannelRegistry
 * @notice One registry for every Cairn channel. It is the membership authority and the
 * message index: messages are emitted as opaque AES-wrapped IPFS CIDs and never stored.
 * Every state change has an event, so a client can rebuild all channel state from logs, and
 * views point at the blocks holding them (pointer chains), so a reader finds any channel's
 * messages, any channel's state, any account's channels and the public channels without
 * scanning empty block ranges (docs/PROTOCOL.md, "Finding data from the registry address alone").
 *
 * Channel ids are derived from the creator and a salt (`channelIdFor`), so they are known before
 * the creating transaction and every ciphertext can bind the real id. Epochs start at 1 and are
 * uint32. A member record holds the epoch the account joined in (0 = not a member). Key material
 * is opaque to the contract (formats in docs/PROTOCOL.md): for a public channel the raw epoch
 * key, for a private channel the epoch key sealed to one member.
 */
interface IChannelRegistry {
    /// @notice Public view of a channel.
    struct ChannelInfo {
        /// The admin (the creator until `transferAdmin`).
        address admin;
        /// Anyone may join and the key is public.
        bool isPublic;
        /// A 1:1 channel: exactly its two members, no admin-only management.
        bool isDirect;
        /// A member left this private channel: posts are refused until a rotation.
        bool rekeyRequired;
        /// The current key epoch (1 for public channels).
        uint32 epoch;
        /// The number of current members.
        uint32 memberCount;
        /// index + 1 of the window (block.number / windowBlocks) of the latest message; 0 = none.
        uint32 messageWindow;
        /// The block of ChannelCreated.
        uint64 createdBlock;
        /// The block of the latest ChannelCreated or MetadataUpdated.
        uint64 metadataBlock;
        /// The block of the latest state event (every event but messages): head of the state chain.
        uint64 stateBlock;
    }

    // ---------------------------------------------------------------- errors
    /// @notice The window length given to the constructor is zero.
    error ChannelInvalidWindowBlocks();
    /// @notice The KeyDirectory address given to the constructor is the zero address.
    error ChannelZeroKeyDirectory();
    /// @notice No channel has id `channelId`.
    error ChannelNotFound(uint256 channelId);
    /// @notice The caller's (creator, salt) pair already created channel `channelId`.
    error ChannelExists(uint256 channelId);
    /// @notice `account` is not a current member of channel `channelId`.
    error ChannelNotMember(uint256 channelId, address account);
    /// @notice Only the admin of channel `channelId` may do this; `account` is not it.
    error ChannelNotAdmin(uint256 channelId, address account);
    /// @notice Channel `channelId` is private: it cannot be joined without an invitation.
    error ChannelNotPublic(uint256 channelId);
    /// @notice Channel `channelId` is public: it has no secret key to rotate or share.
    error ChannelIsPublic(uint256 channelId);
    /// @notice Channel `channelId` is a 1:1 channel: its membership, admin and metadata are fixed.
    error ChannelIsDirect(uint256 channelId);
    /// @notice `account` already is a member of channel `channelId`.
    error ChannelAlreadyMember(uint256 channelId, address account);
    /// @notice `account` already is the admin of channel `channelId`.
    error ChannelAlreadyAdmin(uint256 channelId, address account);
    /// @notice The admin `admin` cannot leave channel `channelId`: it must hand the role over first.
    error ChannelAdminCannotLeave(uint256 channelId, address admin);
    /// @notice The admin `admin` cannot remove itself from channel `channelId`: it must hand the role over first.
    error ChannelAdminCannotRemoveSelf(uint256 channelId, address admin);
    /// @notice Removing a member of private channel `channelId` must rotate its key (`removeMemberAndRotate`).
    error ChannelRemovalNeedsRotation(uint256 channelId);
    /// @notice A member left private channel `channelId`: it needs a new epoch (`rotateKey`) first.
    error ChannelRekeyRequired(uint256 channelId);
    /// @notice Channel `channelId` already holds its maximum of `maxMembers` members.
    error ChannelFull(uint256 channelId, uint256 maxMembers);
    /// @notice A new channel cannot start with `count` members (the creator included); at most `maxMembers`.
    error ChannelTooManyMembers(uint256 count, uint256 maxMembers);
    /// @notice An account argument (a peer or a member to add) is the zero address.
    error ChannelZeroAddress();
    /// @notice A 1:1 channel needs a peer other than the caller `account`.
    error ChannelDirectWithSelf(address account);
    /// @notice The pair already has the 1:1 channel `channelId`.
    error ChannelDirectExists(uint256 channelId);
    /// @notice Metadata of `length` bytes exceeds `max`.
    error ChannelInvalidMetadataLength(uint256 length, uint256 max);
    /// @notice Key material must hold MIN_KEY_BYTES..MAX_KEY_BYTES bytes, not `length`.
    error ChannelInvalidKeyLength(uint256 length);
    /// @notice A public channel's member gets no key material (the key is public); `length` bytes were given.
    error ChannelUnexpectedKey(uint256 length);
    /// @notice A wrapped CID must hold MIN_WRAPPED_CID_LENGTH..MAX_WRAPPED_CID_LENGTH bytes, not `length`.
    error ChannelInvalidWrappedCidLength(uint256 length);
    /// @notice The batch item at byte `offset` has an invalid length or runs past the end.
    error ChannelInvalidBatch(uint256 offset);
    /// @notice A batch holds no item.
    error ChannelEmptyBatch();
    /// @notice A batch of `count` items exceeds `max`.
    error ChannelBatchTooLarge(uint256 count, uint256 max);
    /// @notice `shareEpochKeys` was called with no epoch.
    error ChannelNoEpochs();
    /// @notice One call shares at most `max` epoch keys, not `count`.
    error ChannelTooManyEpochs(uint256 count, uint256 max);
    /// @notice Two parallel lists differ in length: `items` items, `keys` keys.
    error ChannelLengthMismatch(uint256 items, uint256 keys);
    /// @notice A rotation lists `given` members; channel `channelId` has `expected`.
    error ChannelMemberListMismatch(uint256 channelId, uint256 expected, uint256 given);
    /// @notice A member list is not in ascending address order: `account` comes after a greater address.
    error ChannelUnsortedMembers(address account);
    /// @notice A member list names `account` twice.
    error ChannelDuplicateMember(address account);
    /// @notice Epoch 0 does not exist (epochs start at 1).
    error ChannelZeroEpoch(uint256 channelId);
    /// @notice Epoch `given` has not started in channel `channelId`, which is at epoch `current`.
    error ChannelFutureEpoch(uint256 channelId, uint32 current, uint32 given);
    /// @notice A message sealed under epoch `given` is refused: channel `channelId` is at epoch `current`.
    error ChannelStaleEpoch(uint256 channelId, uint32 current, uint32 given);
    /// @notice Channel `channelId` reached the last uint32 epoch and cannot rotate again.
    error ChannelEpochsExhausted(uint256 channelId);
    /// @notice A session key cannot be the zero address.
    error SessionKeyZeroAddress();
    /// @notice A wallet cannot authorise itself (`key`) as its session key.
    error SessionKeyIsCaller(address key);
    /// @notice `expiry` is not after the current block's timestamp.
    error SessionKeyExpiryInPast(uint64 expiry);
    /// @notice `expiry` lies beyond `max` (now + MAX_SESSION_DURATION).
    error SessionKeyExpiryTooFar(uint64 expiry, uint64 max);
    /// @notice `key` holds no live authorisation from `wallet` (never given, revoked or expired).
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
    event MetadataUpdated(uint256 indexed channelId, uint32 epoch, bytes metadata);
    /// @notice `account` joined a public channel by itself.
    event MemberJoined(uint256 indexed channelId, address indexed account);
    /// @notice `account` was added to the channel in `epoch` (by the admin, or at creation).
    event MemberAdded(uint256 indexed channelId, address indexed account, uint32 epoch);
    /// @notice The admin removed `account`.
    event MemberRemoved(uint256 indexed channelId, address indexed account);
    /// @notice `account` left the channel by itself (a private channel then needs a new epoch).
    event MemberLeft(uint256 indexed channelId, address indexed account);
    /// @notice The key of `epoch` was sealed to `account`.
    event EpochKeyShared(uint256 indexed channelId, uint32 indexed epoch, address indexed account, bytes sealedKey);
    /// @notice The channel started `epoch`; its key is shared by EpochKeyShared events in the same transaction.
    event KeyRotated(uint256 indexed channelId, uint32 indexed epoch);
    /// @notice The admin role moved from `previousAdmin` to `newAdmin`.
    event AdminTransferred(uint256 indexed channelId, address indexed previousAdmin, address indexed newAdmin);
    /// @notice `sender` (the wallet, also when a session key sent it) posted one message.
    event Posted(uint256 indexed channelId, address indexed sender, bytes wrappedCid);
    /// @notice `sender` posted several messages; `packed` is a sequence of (uint8 length, wrappedCid).
    event BatchPosted(uint256 indexed channelId, address indexed sender, bytes packed);
    /// @notice The first message of the channel in a new window; `previousWindow` is the index + 1
    /// of the window of the message before (0 = none). Precedes that Posted / BatchPosted.
    event MessagesLinked(uint256 indexed channelId, uint32 previousWindow);
    /// @notice The first state event of the channel in a new block; `previousBlock` is the block of
    /// the state event before. Never at creation.
    event ChannelLinked(uint256 indexed channelId, uint64 previousBlock);
    /// @notice The first membership change of `account` in a new block (here in `channelId`);
    /// `previousBlock` is the block of its membership change before (0 = none).
    event AccountLinked(address indexed account, uint256 indexed channelId, uint64 previousBlock);
    /// @notice The first public channel created in a new block; `previousBlock` is the block of
    /// the public channel created before (0 = none).
    event PublicChannelsLinked(uint64 previousBlock);
    /// @notice `wallet` authorised `key` to post on its behalf until `expiry` (unix seconds).
    event SessionKeyAuthorized(address indexed wallet, address indexed key, uint64 expiry);
    /// @notice `wallet` revoked `key`.
    event SessionKeyRevoked(address indexed wallet, address indexed key);

    // ---------------------------------------------------------------- channels
    /**
     * @notice Creates a channel with the caller as admin and only member, at epoch 1, with id
     * `channelIdFor(caller, salt)`.
     * @param salt Random bytes chosen by the client; one channel per (caller, salt).
     * @param isPublic Public channels can be joined by anyone and publish their key.
     * @param metadata Encoded channel metadata (bounded length).
     * @param keyMaterial Raw epoch key (public) or the epoch key sealed to the caller (private).
     * @return channelId The new channel's id.
     */
    function createChannel(bytes32 salt, bool isPublic, bytes calldata metadata, bytes calldata keyMaterial)
        external
        returns (uint256 channelId);

    /**
     * @notice Creates a private channel with the caller as admin and `members` as members.
     * @param salt Random bytes chosen by the client; one channel per (caller, salt).
     * @param metadata Encoded, encrypted channel metadata.
     * @param creatorKey The epoch-1 key sealed to the caller.
     * @param members Initial members besides the caller (bounded length, no duplicates).
     * @param sealedKeys The epoch-1 key sealed to each of `members`, in the same order.
     * @return channelId The new channel's id.
     */
    function createPrivateChannel(
        bytes32 salt,
        bytes calldata metadata,
        bytes calldata creatorKey,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external returns (uint256 channelId);

    /**
     * @notice Creates the one 1:1 channel between the caller and `peer`; reverts with
     * ChannelDirectExists if the pair already has one.
     * @param salt Random bytes chosen by the client; one channel per (caller, salt).
     * @param peer The other wallet.
     * @param metadata Encoded, encrypted channel metadata.
     * @param creatorKey The epoch-1 key sealed to the caller.
     * @param peerKey The epoch-1 key sealed to `peer`.
     * @return channelId The new channel's id.
     */
    function createDirectChannel(
        bytes32 salt,
        address peer,
        bytes calldata metadata,
        bytes calldata creatorKey,
        bytes calldata peerKey
    ) external returns (uint256 channelId);

    /**
     * @notice Replaces the channel's metadata. Admin only; not on 1:1 channels, nor on a private
     * channel waiting for a new epoch (the leaver holds the current key).
     * @param channelId The channel.
     * @param metadata The new encoded metadata (private: encrypted under the current epoch).
     */
    function updateMetadata(uint256 channelId, bytes calldata metadata) external;

    // ---------------------------------------------------------------- membership
    /**
     * @notice Joins a public channel as the caller.
     * @param channelId The channel.
     */
    function join(uint256 channelId) external;

    /**
     * @notice Leaves a channel. The admin must hand the role over first; 1:1 channels cannot be
     * left. Leaving a private channel sets `rekeyRequired`: posts are refused until any remaining
     * member rotates the key.
     * @param channelId The channel.
     */
    function leave(uint256 channelId) external;

    /**
     * @notice Adds `account` with the current epoch key sealed to it. Admin only; not on 1:1 channels.
     * @param channelId The channel.
     * @param account The new member.
     * @param sealedKey The current epoch key sealed to `account` (private), or empty (public).
     */
    function addMember(uint256 channelId, address account, bytes calldata sealedKey) external;

    /**
     * @notice Shares epoch keys with a member: older history at invite time, or keys sealed again
     * to a member's new identity key. The admin; on a 1:1 channel either member.
     * @param channelId A private channel.
     * @param account A current member.
     * @param epochs Epochs (each 1..current) whose keys are shared.
     * @param sealedKeys The key of each epoch sealed to `account`, in the same order.
     */
    function shareEpochKeys(
        uint256 channelId,
        address account,
        uint32[] calldata epochs,
        bytes[] calldata sealedKeys
    ) external;

    /**
     * @notice Removes `account` from a public channel. Admin only; the admin cannot remove itself.
     * A private channel must rotate in the same transaction (`removeMemberAndRotate`).
     * @param channelId A public channel.
     * @param account The member to remove.
     */
    function removeMember(uint256 channelId, address account) external;

    /**
     * @notice Starts a new epoch whose key is sealed to every current member, and clears
     * `rekeyRequired`. The admin; any member while `rekeyRequired` is set; either member of a
     * 1:1 channel. `members` must be exactly the current members in strictly ascending order.
     * @param channelId A private channel.
     * @param members All current members, ascending.
     * @param sealedKeys The new epoch key sealed to each member, in the same order.
     */
    function rotateKey(uint256 channelId, address[] calldata members, bytes[] calldata sealedKeys) external;

    /**
     * @notice Removes `account` and starts a new epoch sealed only to the remaining members,
     * atomically. Admin only; not on 1:1 channels. Reverts with ChannelNotMember if `account`
     * already left (the client then calls `rotateKey`).
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
     * @notice Hands the admin role to another member. Admin only; not on 1:1 channels.
     * @param channelId The channel.
     * @param newAdmin A current member.
     */
    function transferAdmin(uint256 channelId, address newAdmin) external;

    // ---------------------------------------------------------------- messages
    /**
     * @notice Posts one message as the caller. Members only; the wrapped CID's epoch (bytes 1..5)
     * must be the channel's current epoch, and a private channel waiting for a new epoch refuses it.
     * @param channelId The channel.
     * @param wrappedCid The AES-wrapped CID (MIN_WRAPPED_CID_LENGTH..MAX_WRAPPED_CID_LENGTH bytes).
     */
    function post(uint256 channelId, bytes calldata wrappedCid) external;

    /**
     * @notice Posts several messages in one event, with the same checks as `post` for each.
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
    /// @notice The KeyDirectory whose published keys this registry's channels seal to.
    function keyDirectory() external view returns (address);

    /// @notice The length of a message window, in blocks (see `channelInfo.messageWindow`).
    function windowBlocks() external view returns (uint32);

    /// @notice The block this registry was deployed in: no registry log is older.
    function deploymentBlock() external view returns (uint64);

    /// @notice The id `creator` gets for `salt`: uint256(keccak256(abi.encode(creator, salt))) >> 161.
    function channelIdFor(address creator, bytes32 salt) external pure returns (uint256);

    /// @notice Channel record; reverts with ChannelNotFound for an unknown id.
    function channelInfo(uint256 channelId) external view returns (ChannelInfo memory);

    /// @notice Whether `account` is currently a member.
    function isMember(uint256 channelId, address account) external view returns (bool);

    /// @notice The epoch `account` joined in (0 when not a member).
    function memberSince(uint256 channelId, address account) external view returns (uint32);

    /// @notice The channel's current key epoch; reverts with ChannelNotFound for an unknown id.
    function currentEpoch(uint256 channelId) external view returns (uint32);

    /// @notice The number of current members; reverts with ChannelNotFound for an unknown id.
    function memberCount(uint256 channelId) external view returns (uint32);

    /// @notice The block of `account`'s latest membership change (head of its chain; 0 = none).
    function lastMembershipBlock(address account) external view returns (uint64);

    /// @notice The block of the latest public channel creation (head of the directory chain; 0 = none).
    function lastPublicChannelBlock() external view returns (uint64);

    /// @notice The 1:1 channel of the pair (order-independent), or 0 if none.
    function directChannelOf(address a, address b) external view returns (uint256);

    /// @notice Expiry of `key` for `wallet`, or 0 if never authorised or revoked.
    function sessionKeyExpiry(address wallet, address key) external view returns (uint64);
}
