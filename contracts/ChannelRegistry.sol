// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {IChannelRegistry} from "./interfaces/IChannelRegistry.sol";

/**
 * @title ChannelRegistry
 * @notice One registry for every Cairn channel: membership authority and message index.
 * Messages are emitted as opaque AES-wrapped IPFS CIDs and never stored.
 *
 * Storage is laid out for the hot paths: a post reads two cold slots (the sender's member
 * record and the channel) and writes only when it opens a new message window; a channel is one
 * packed slot, its pointer-chain blocks a second one.
 *
 * Public channels: anyone may `join`; the admin may also `addMember` without key material
 * (the key is public, so no EpochKeyShared is emitted); they never rotate and stay at epoch 1.
 * Private channels hold at most MAX_MEMBERS members so one `rotateKey` call re-keys them all;
 * a member who leaves one leaves it waiting for a new epoch (`rekeyRequired`). A 1:1 channel
 * holds exactly its two members, for good.
 *
 * Calls can be batched with `multicall` (OpenZeppelin Multicall); `msg.sender` is preserved.
 */
contract ChannelRegistry is IChannelRegistry, Multicall {
    /// @notice Shortest accepted wrapped CID, in bytes: a version byte and the uint32 epoch.
    uint256 public constant MIN_WRAPPED_CID_LENGTH = 5;
    /// @notice Longest accepted wrapped CID, in bytes (a batch item's length is one byte).
    uint256 public constant MAX_WRAPPED_CID_LENGTH = 128;
    /// @notice Most messages in one `postBatch` / `postBatchAs`.
    uint256 public constant MAX_BATCH_SIZE = 128;
    /// @notice Longest accepted channel metadata, in bytes.
    uint256 public constant MAX_METADATA_LENGTH = 1024;
    /// @notice Shortest accepted key material (a raw 32-byte key).
    uint256 public constant MIN_KEY_BYTES = 32;
    /// @notice Longest accepted key material (a sealed key with its envelope).
    uint256 public constant MAX_KEY_BYTES = 256;
    /// @notice Most members of a private channel, hence most members or epochs in one call.
    uint256 public constant MAX_MEMBERS = 64;
    /// @notice Longest a session key can be authorised for, counted from the authorising block.
    uint256 public constant MAX_SESSION_DURATION = 30 days;

    /// @dev Channel flags.
    uint8 private constant _PUBLIC = 1;
    uint8 private constant _DIRECT = 2;
    uint8 private constant _REKEY_REQUIRED = 4;
    /// @dev Most members of a public channel: the range of the packed member count.
    uint256 private constant _MAX_PUBLIC_MEMBERS = type(uint24).max;

    /// @dev Bit offsets of the Channel fields in its slot, for the message hot path.
    uint256 private constant _FLAGS_SHIFT = 160;
    uint256 private constant _EPOCH_SHIFT = 168;
    uint256 private constant _WINDOW_SHIFT = 224;

    /// @dev One slot: 160 + 8 + 32 + 24 + 32 bits (offsets above). `messageWindow` is the index + 1 of the window
    /// (block.number / windowBlocks) of the latest message, 0 before the first.
    struct Channel {
        address admin;
        uint8 flags;
        uint32 epoch;
        uint24 memberCount;
        uint32 messageWindow;
    }

    /// @dev One slot: the heads of the channel's state chain and of its metadata.
    struct ChannelBlocks {
        uint64 createdBlock;
        uint64 metadataBlock;
        uint64 stateBlock;
    }

    address private immutable _KEY_DIRECTORY;
    uint32 private immutable _WINDOW_BLOCKS;
    uint64 private immutable _DEPLOYMENT_BLOCK;

    mapping(uint256 channelId => Channel) private _channels;
    mapping(uint256 channelId => ChannelBlocks) private _channelBlocks;
    mapping(address low => mapping(address high => uint256 channelId)) private _directChannels;
    mapping(address account => uint256 blockNumber) private _membershipBlocks;
    uint256 private _publicChannelBlock;

    /// @dev Member records (the epoch joined; 0 = not a member) live at slot
    /// `_MEMBER_SLOT_FLAG | channelId << 160 | account`, so the member check of every post needs
    /// no hashing. Channel ids are derived with 95 bits (`channelIdFor`), so bits 160..254 hold the
    /// id unambiguously; bit 255 keeps the region clear of Solidity's own small slots. Larger ids
    /// have no records. Session-key expiries live at keccak256(wallet ‖ _SESSION_KEY_NAMESPACE | key):
    /// one hash instead of a nested mapping's two; the namespace (≥ 2^160) keeps the preimage apart
    /// from Solidity mapping slots. The helpers use addresses unmasked: every address reaching them
    /// is msg.sender or ABI-decoded calldata, whose high bits ABI coder v2 guarantees to be zero.
    uint256 private constant _MEMBER_SLOT_FLAG = 1 << 255;
    uint256 private constant _MAX_CHANNEL_ID = (1 << 95) - 1;
    uint256 private constant _SESSION_KEY_NAMESPACE = 1 << 160;

    /// @dev The caller must be a session key `wallet` authorised and that has not expired.
    modifier onlySessionKeyOf(address wallet) {
        if (_sessionKeyExpiryOf(wallet, msg.sender) <= block.timestamp) {
            revert SessionKeyUnauthorized(wallet, msg.sender);
        }
        _;
    }

    /**
     * @notice Deploys a registry whose channels seal their keys to `keyDirectory_`'s keys.
     * @param keyDirectory_ The KeyDirectory (readers find it with `keyDirectory()`).
     * @param windowBlocks_ Blocks per message window: longer windows mean fewer MessagesLinked
     * events but wider `eth_getLogs` ranges per window (1000 on L1, e.g. 5000 on a fast L2).
     */
    constructor(address keyDirectory_, uint32 windowBlocks_) {
        if (keyDirectory_ == address(0)) revert ChannelZeroKeyDirectory();
        if (windowBlocks_ == 0) revert ChannelInvalidWindowBlocks();
        _KEY_DIRECTORY = keyDirectory_;
        _WINDOW_BLOCKS = windowBlocks_;
        _DEPLOYMENT_BLOCK = uint64(block.number);
    }

    // ------------------------------------------------------------------ channels

    /**
     * @inheritdoc IChannelRegistry
     * @dev The creator's key material is carried by ChannelCreated (no EpochKeyShared for it).
     */
    function createChannel(bytes32 salt, bool isPublic, bytes calldata metadata, bytes calldata keyMaterial)
        external
        returns (uint256 channelId)
    {
        return _createChannel(salt, isPublic ? _PUBLIC : 0, metadata, keyMaterial, 1);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Emits ChannelCreated, then MemberAdded and EpochKeyShared (epoch 1) per member.
     */
    function createPrivateChannel(
        bytes32 salt,
        bytes calldata metadata,
        bytes calldata creatorKey,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external returns (uint256 channelId) {
        uint256 count = members.length;
        if (count != sealedKeys.length) revert ChannelLengthMismatch(count, sealedKeys.length);
        channelId = _createChannel(salt, 0, metadata, creatorKey, count + 1);
        for (uint256 i = 0; i < count; ++i) {
            _addMember(channelId, members[i], 1);
            _shareKey(channelId, 1, members[i], sealedKeys[i]);
        }
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev The caller is the admin, but a 1:1 channel has no admin-only operations. The pair is
     * recorded for good, so a pair has at most one direct channel ever.
     */
    function createDirectChannel(
        bytes32 salt,
        address peer,
        bytes calldata metadata,
        bytes calldata creatorKey,
        bytes calldata peerKey
    ) external returns (uint256 channelId) {
        if (peer == address(0)) revert ChannelZeroAddress();
        if (peer == msg.sender) revert ChannelDirectWithSelf(peer);
        (address low, address high) = _sortPair(msg.sender, peer);
        uint256 existing = _directChannels[low][high];
        if (existing != 0) revert ChannelDirectExists(existing);
        channelId = _createChannel(salt, _DIRECT, metadata, creatorKey, 2);
        _directChannels[low][high] = channelId;
        emit DirectChannelCreated(channelId, msg.sender, peer);
        _addMember(channelId, peer, 1);
        _shareKey(channelId, 1, peer, peerKey);
    }

    /// @inheritdoc IChannelRegistry
    function updateMetadata(uint256 channelId, bytes calldata metadata) external {
        Channel storage channel = _managedChannel(channelId);
        _checkMetadata(metadata);
        if (channel.flags & _REKEY_REQUIRED != 0) revert ChannelRekeyRequired(channelId);
        _linkState(channelId).metadataBlock = uint64(block.number);
        emit MetadataUpdated(channelId, channel.epoch, metadata);
    }

    // ------------------------------------------------------------------ membership

    /**
     * @inheritdoc IChannelRegistry
     * @dev The joiner's member record holds epoch 1, the only epoch of a public channel.
     */
    function join(uint256 channelId) external {
        Channel storage channel = _existingChannel(channelId);
        if (channel.flags & _PUBLIC == 0) revert ChannelNotPublic(channelId);
        if (_memberSinceOf(channelId, msg.sender) != 0) revert ChannelAlreadyMember(channelId, msg.sender);
        _countNewMember(channel, channelId, _MAX_PUBLIC_MEMBERS);
        _setMemberSince(channelId, msg.sender, 1);
        _linkState(channelId);
        _linkAccount(msg.sender, channelId);
        emit MemberJoined(channelId, msg.sender);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev The leaver holds the current key of a private channel: until a rotation, posts and
     * metadata updates (both encrypted under that key) are refused.
     */
    function leave(uint256 channelId) external {
        Channel storage channel = _existingChannel(channelId);
        uint8 flags = channel.flags;
        if (flags & _DIRECT != 0) revert ChannelIsDirect(channelId);
        if (channel.admin == msg.sender) revert ChannelAdminCannotLeave(channelId, msg.sender);
        _deleteMemberRecord(channel, channelId, msg.sender);
        if (flags & _PUBLIC == 0) channel.flags = flags | _REKEY_REQUIRED;
        _linkState(channelId);
        _linkAccount(msg.sender, channelId);
        emit MemberLeft(channelId, msg.sender);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Public channel: `sealedKey` must be empty (the key is public) and no EpochKeyShared
     * is emitted. Private channel: `sealedKey` is required and the channel is capped at MAX_MEMBERS.
     */
    function addMember(uint256 channelId, address account, bytes calldata sealedKey) external {
        Channel storage channel = _managedChannel(channelId);
        bool isPublic = channel.flags & _PUBLIC != 0;
        _countNewMember(channel, channelId, isPublic ? _MAX_PUBLIC_MEMBERS : MAX_MEMBERS);
        _linkState(channelId);
        if (isPublic) {
            if (sealedKey.length != 0) revert ChannelUnexpectedKey(sealedKey.length);
            _addMember(channelId, account, 1);
        } else {
            uint32 epoch = channel.epoch;
            _addMember(channelId, account, epoch);
            _shareKey(channelId, epoch, account, sealedKey);
        }
    }

    /// @inheritdoc IChannelRegistry
    function shareEpochKeys(
        uint256 channelId,
        address account,
        uint32[] calldata epochs,
        bytes[] calldata sealedKeys
    ) external {
        Channel storage channel = _keyHolderChannel(channelId, false);
        uint256 count = epochs.length;
        if (count != sealedKeys.length) revert ChannelLengthMismatch(count, sealedKeys.length);
        if (count == 0) revert ChannelNoEpochs();
        if (count > MAX_MEMBERS) revert ChannelTooManyEpochs(count, MAX_MEMBERS);
        if (_memberSinceOf(channelId, account) == 0) revert ChannelNotMember(channelId, account);
        uint32 current = channel.epoch;
        _linkState(channelId);
        for (uint256 i = 0; i < count; ++i) {
            uint32 epoch = epochs[i];
            if (epoch == 0) revert ChannelZeroEpoch(channelId);
            if (epoch > current) revert ChannelFutureEpoch(channelId, current, epoch);
            _shareKey(channelId, epoch, account, sealedKeys[i]);
        }
    }

    /// @inheritdoc IChannelRegistry
    function removeMember(uint256 channelId, address account) external {
        Channel storage channel = _managedChannel(channelId);
        if (channel.flags & _PUBLIC == 0) revert ChannelRemovalNeedsRotation(channelId);
        _removeMember(channel, channelId, account);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Reverts with ChannelIsPublic on a public channel, ChannelMemberListMismatch when the
     * list is not as long as the member count, ChannelNotMember for an outsider,
     * ChannelDuplicateMember for a repeated member and ChannelUnsortedMembers when it is not ascending. Emits KeyRotated, then EpochKeyShared per member.
     */
    function rotateKey(uint256 channelId, address[] calldata members, bytes[] calldata sealedKeys) external {
        Channel storage channel = _keyHolderChannel(channelId, true);
        _linkState(channelId);
        _rotate(channel, channelId, members, sealedKeys);
    }

    /// @inheritdoc IChannelRegistry
    function removeMemberAndRotate(
        uint256 channelId,
        address account,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external {
        Channel storage channel = _managedChannel(channelId);
        if (channel.flags & _PUBLIC != 0) revert ChannelIsPublic(channelId);
        _removeMember(channel, channelId, account);
        _rotate(channel, channelId, members, sealedKeys);
    }

    /// @inheritdoc IChannelRegistry
    function transferAdmin(uint256 channelId, address newAdmin) external {
        Channel storage channel = _managedChannel(channelId);
        if (newAdmin == msg.sender) revert ChannelAlreadyAdmin(channelId, newAdmin);
        if (_memberSinceOf(channelId, newAdmin) == 0) revert ChannelNotMember(channelId, newAdmin);
        channel.admin = newAdmin;
        _linkState(channelId);
        emit AdminTransferred(channelId, msg.sender, newAdmin);
    }

    // ------------------------------------------------------------------ messages

    /// @inheritdoc IChannelRegistry
    function post(uint256 channelId, bytes calldata wrappedCid) external {
        _post(msg.sender, channelId, wrappedCid);
    }

    /// @inheritdoc IChannelRegistry
    function postBatch(uint256 channelId, bytes calldata packed) external {
        _postBatch(msg.sender, channelId, packed);
    }

    /// @inheritdoc IChannelRegistry
    function postAs(address wallet, uint256 channelId, bytes calldata wrappedCid) external onlySessionKeyOf(wallet) {
        _post(wallet, channelId, wrappedCid);
    }

    /// @inheritdoc IChannelRegistry
    function postBatchAs(address wallet, uint256 channelId, bytes calldata packed) external onlySessionKeyOf(wallet) {
        _postBatch(wallet, channelId, packed);
    }

    // ------------------------------------------------------------------ session keys

    /**
     * @inheritdoc IChannelRegistry
     * @dev Reverts with SessionKeyZeroAddress or SessionKeyIsCaller for an unusable key and with
     * SessionKeyExpiryInPast or SessionKeyExpiryTooFar unless
     * block.timestamp < expiry ≤ block.timestamp + MAX_SESSION_DURATION.
     * The ETH is forwarded after the state change and the event (checks-effects-interactions).
     */
    function authorizeSessionKey(address key, uint64 expiry) external payable {
        if (key == address(0)) revert SessionKeyZeroAddress();
        if (key == msg.sender) revert SessionKeyIsCaller(key);
        uint256 max = block.timestamp + MAX_SESSION_DURATION;
        if (expiry <= block.timestamp) revert SessionKeyExpiryInPast(expiry);
        if (expiry > max) revert SessionKeyExpiryTooFar(expiry, uint64(max));
        _setSessionKeyExpiry(msg.sender, key, expiry);
        emit SessionKeyAuthorized(msg.sender, key, expiry);
        if (msg.value != 0) Address.sendValue(payable(key), msg.value);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Reverts with SessionKeyUnauthorized if the caller has no authorisation (even expired) for `key`.
     */
    function revokeSessionKey(address key) external {
        if (_sessionKeyExpiryOf(msg.sender, key) == 0) revert SessionKeyUnauthorized(msg.sender, key);
        _setSessionKeyExpiry(msg.sender, key, 0);
        emit SessionKeyRevoked(msg.sender, key);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IChannelRegistry
    function keyDirectory() external view returns (address) {
        return _KEY_DIRECTORY;
    }

    /// @inheritdoc IChannelRegistry
    function windowBlocks() external view returns (uint32) {
        return _WINDOW_BLOCKS;
    }

    /// @inheritdoc IChannelRegistry
    function deploymentBlock() external view returns (uint64) {
        return _DEPLOYMENT_BLOCK;
    }

    /// @inheritdoc IChannelRegistry
    function channelIdFor(address creator, bytes32 salt) external pure returns (uint256) {
        return _channelIdFor(creator, salt);
    }

    /// @inheritdoc IChannelRegistry
    function channelInfo(uint256 channelId) external view returns (ChannelInfo memory) {
        Channel memory channel = _existingChannel(channelId);
        ChannelBlocks memory blocks = _channelBlocks[channelId];
        return ChannelInfo({
            admin: channel.admin,
            isPublic: channel.flags & _PUBLIC != 0,
            isDirect: channel.flags & _DIRECT != 0,
            rekeyRequired: channel.flags & _REKEY_REQUIRED != 0,
            epoch: channel.epoch,
            memberCount: channel.memberCount,
            messageWindow: channel.messageWindow,
            createdBlock: blocks.createdBlock,
            metadataBlock: blocks.metadataBlock,
            stateBlock: blocks.stateBlock
        });
    }

    /// @inheritdoc IChannelRegistry
    function isMember(uint256 channelId, address account) external view returns (bool) {
        return _memberSinceOf(channelId, account) != 0;
    }

    /// @inheritdoc IChannelRegistry
    function memberSince(uint256 channelId, address account) external view returns (uint32) {
        return uint32(_memberSinceOf(channelId, account));
    }

    /// @inheritdoc IChannelRegistry
    function currentEpoch(uint256 channelId) external view returns (uint32) {
        return _existingChannel(channelId).epoch;
    }

    /// @inheritdoc IChannelRegistry
    function memberCount(uint256 channelId) external view returns (uint32) {
        return _existingChannel(channelId).memberCount;
    }

    /// @inheritdoc IChannelRegistry
    function lastMembershipBlock(address account) external view returns (uint64) {
        return uint64(_membershipBlocks[account]);
    }

    /// @inheritdoc IChannelRegistry
    function lastPublicChannelBlock() external view returns (uint64) {
        return uint64(_publicChannelBlock);
    }

    /// @inheritdoc IChannelRegistry
    function directChannelOf(address a, address b) external view returns (uint256) {
        (address low, address high) = _sortPair(a, b);
        return _directChannels[low][high];
    }

    /// @inheritdoc IChannelRegistry
    function sessionKeyExpiry(address wallet, address key) external view returns (uint64) {
        return uint64(_sessionKeyExpiryOf(wallet, key));
    }

    // ------------------------------------------------------------------ internals

    /// @dev `flags` is _PUBLIC, _DIRECT or 0 (private); `count` the members the caller adds, the creator included.
    function _createChannel(bytes32 salt, uint8 flags, bytes calldata metadata, bytes calldata keyMaterial, uint256 count)
        private
        returns (uint256 channelId)
    {
        _checkMetadata(metadata);
        _checkKey(keyMaterial);
        channelId = _channelIdFor(msg.sender, salt);
        if (_channels[channelId].admin != address(0)) revert ChannelExists(channelId);
        if (count > MAX_MEMBERS) revert ChannelTooManyMembers(count, MAX_MEMBERS);
        _channels[channelId] =
            Channel({admin: msg.sender, flags: flags, epoch: 1, memberCount: uint24(count), messageWindow: 0});
        uint64 current = uint64(block.number);
        _channelBlocks[channelId] = ChannelBlocks({createdBlock: current, metadataBlock: current, stateBlock: current});
        _setMemberSince(channelId, msg.sender, 1);
        if (flags == _PUBLIC) _linkPublicChannels();
        _linkAccount(msg.sender, channelId);
        emit ChannelCreated(channelId, msg.sender, flags == _PUBLIC, metadata, keyMaterial);
    }

    /// @dev Records `account` as a member since `epoch`. The caller maintains memberCount.
    function _addMember(uint256 channelId, address account, uint32 epoch) private {
        if (account == address(0)) revert ChannelZeroAddress();
        if (_memberSinceOf(channelId, account) != 0) revert ChannelAlreadyMember(channelId, account);
        _setMemberSince(channelId, account, epoch);
        _linkAccount(account, channelId);
        emit MemberAdded(channelId, account, epoch);
    }

    function _shareKey(uint256 channelId, uint32 epoch, address account, bytes calldata sealedKey) private {
        _checkKey(sealedKey);
        emit EpochKeyShared(channelId, epoch, account, sealedKey);
    }

    function _countNewMember(Channel storage channel, uint256 channelId, uint256 max) private {
        uint24 count = channel.memberCount;
        if (count >= max) revert ChannelFull(channelId, max);
        channel.memberCount = count + 1;
    }

    function _removeMember(Channel storage channel, uint256 channelId, address account) private {
        if (account == msg.sender) revert ChannelAdminCannotRemoveSelf(channelId, account);
        _deleteMemberRecord(channel, channelId, account);
        _linkState(channelId);
        _linkAccount(account, channelId);
        emit MemberRemoved(channelId, account);
    }

    function _deleteMemberRecord(Channel storage channel, uint256 channelId, address account) private {
        if (_memberSinceOf(channelId, account) == 0) revert ChannelNotMember(channelId, account);
        _setMemberSince(channelId, account, 0);
        --channel.memberCount;
    }

    function _rotate(
        Channel storage channel,
        uint256 channelId,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) private {
        uint256 count = members.length;
        if (count != sealedKeys.length) revert ChannelLengthMismatch(count, sealedKeys.length);
        uint256 expected = channel.memberCount;
        if (count != expected) revert ChannelMemberListMismatch(channelId, expected, count);
        uint32 epoch = channel.epoch;
        if (epoch == type(uint32).max) revert ChannelEpochsExhausted(channelId);
        ++epoch;
        channel.epoch = epoch;
        channel.flags &= ~_REKEY_REQUIRED;
        emit KeyRotated(channelId, epoch);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            address account = members[i];
            if (account <= previous) {
                // `previous` starts at the zero address, which only the zero address (never a member) fails.
                if (i == 0) revert ChannelNotMember(channelId, account);
                if (account == previous) revert ChannelDuplicateMember(account);
                revert ChannelUnsortedMembers(account);
            }
            if (_memberSinceOf(channelId, account) == 0) revert ChannelNotMember(channelId, account);
            _shareKey(channelId, epoch, account, sealedKeys[i]);
            previous = account;
        }
    }

    /// @dev Moves the channel's state chain to this block (ChannelLinked when it was elsewhere).
    function _linkState(uint256 channelId) private returns (ChannelBlocks storage blocks) {
        blocks = _channelBlocks[channelId];
        uint64 previous = blocks.stateBlock;
        if (previous != block.number) {
            emit ChannelLinked(channelId, previous);
            blocks.stateBlock = uint64(block.number);
        }
    }

    /// @dev Moves `account`'s membership chain to this block (AccountLinked when it was elsewhere).
    function _linkAccount(address account, uint256 channelId) private {
        uint256 previous = _membershipBlocks[account];
        if (previous != block.number) {
            emit AccountLinked(account, channelId, uint64(previous));
            _membershipBlocks[account] = block.number;
        }
    }

    /// @dev Moves the public directory chain to this block (PublicChannelsLinked when it was elsewhere).
    function _linkPublicChannels() private {
        uint256 previous = _publicChannelBlock;
        if (previous != block.number) {
            emit PublicChannelsLinked(uint64(previous));
            _publicChannelBlock = block.number;
        }
    }

    function _post(address sender, uint256 channelId, bytes calldata wrappedCid) private {
        unchecked {
            // One comparison rejects both lengths below the minimum (they wrap around) and above the maximum.
            if (wrappedCid.length - MIN_WRAPPED_CID_LENGTH > MAX_WRAPPED_CID_LENGTH - MIN_WRAPPED_CID_LENGTH) {
                revert ChannelInvalidWrappedCidLength(wrappedCid.length);
            }
        }
        if (_memberSinceOf(channelId, sender) == 0) revert ChannelNotMember(channelId, sender);
        uint32 current = _openMessageWindow(channelId);
        uint32 given;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            given := shr(224, calldataload(add(wrappedCid.offset, 1)))
        }
        if (given != current) revert ChannelStaleEpoch(channelId, current, given);
        _emitMessage(Posted.selector, channelId, sender, wrappedCid);
    }

    function _postBatch(address sender, uint256 channelId, bytes calldata packed) private {
        if (_memberSinceOf(channelId, sender) == 0) revert ChannelNotMember(channelId, sender);
        uint32 current = _openMessageWindow(channelId);
        _checkBatch(channelId, current, packed);
        _emitMessage(BatchPosted.selector, channelId, sender, packed);
    }

    /**
     * @dev For a message about to be posted by a member: refuses a private channel that waits for a
     * new epoch, moves the message chain to the current window (MessagesLinked when it changes) and
     * returns the current epoch, which every posted item must carry.
     */
    function _openMessageWindow(uint256 channelId) private returns (uint32 epoch) {
        Channel storage channel = _channels[channelId];
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(channel.slot)
        }
        if ((word >> _FLAGS_SHIFT) & _REKEY_REQUIRED != 0) revert ChannelRekeyRequired(channelId);
        uint256 window = block.number / _WINDOW_BLOCKS + 1;
        uint256 previous = word >> _WINDOW_SHIFT;
        if (window != previous) {
            emit MessagesLinked(channelId, uint32(previous));
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(channel.slot, or(shr(32, shl(32, word)), shl(_WINDOW_SHIFT, window)))
            }
        }
        return uint32(word >> _EPOCH_SHIFT);
    }

    /**
     * @dev Emits Posted or BatchPosted (`topic`): both are (uint256 indexed, address indexed, bytes).
     * Hand-encoded from calldata to keep the hot path lean; `data` is never empty here.
     */
    function _emitMessage(bytes32 topic, uint256 channelId, address sender, bytes calldata data) private {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let padded := and(add(data.length, 31), not(31))
            mstore(ptr, 0x20)
            mstore(add(ptr, 0x20), data.length)
            mstore(add(ptr, add(0x20, padded)), 0)
            calldatacopy(add(ptr, 0x40), data.offset, data.length)
            log3(ptr, add(0x40, padded), topic, channelId, sender)
        }
    }

    /**
     * @dev Walks the (uint8 length ‖ bytes) framing of `packed` over calldata. Every length must be
     * in MIN_WRAPPED_CID_LENGTH..MAX_WRAPPED_CID_LENGTH, the last item must end exactly at the end,
     * the item count must be in 1..MAX_BATCH_SIZE, and every item's epoch (its bytes 1..5) must be
     * `current`.
     */
    function _checkBatch(uint256 channelId, uint32 current, bytes calldata packed) private pure {
        uint256 count;
        uint256 offset;
        uint256 malformed;
        uint256 stale;
        uint32 given;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let start := packed.offset
            let end := add(start, packed.length)
            let cursor := start
            for {} lt(cursor, end) {} {
                let length := byte(0, calldataload(cursor))
                let next := add(add(cursor, 1), length)
                if or(or(lt(length, MIN_WRAPPED_CID_LENGTH), gt(length, MAX_WRAPPED_CID_LENGTH)), gt(next, end)) {
                    malformed := 1
                    break
                }
                given := shr(224, calldataload(add(cursor, 2)))
                if iszero(eq(given, current)) {
                    stale := 1
                    break
                }
                cursor := next
                count := add(count, 1)
            }
            offset := sub(cursor, start)
        }
        if (malformed != 0) revert ChannelInvalidBatch(offset);
        if (stale != 0) revert ChannelStaleEpoch(channelId, current, given);
        if (count == 0) revert ChannelEmptyBatch();
        if (count > MAX_BATCH_SIZE) revert ChannelBatchTooLarge(count, MAX_BATCH_SIZE);
    }

    function _checkMetadata(bytes calldata metadata) private pure {
        if (metadata.length > MAX_METADATA_LENGTH) {
            revert ChannelInvalidMetadataLength(metadata.length, MAX_METADATA_LENGTH);
        }
    }

    function _checkKey(bytes calldata key) private pure {
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) revert ChannelInvalidKeyLength(key.length);
    }

    function _existingChannel(uint256 channelId) private view returns (Channel storage channel) {
        channel = _channels[channelId];
        if (channel.admin == address(0)) revert ChannelNotFound(channelId);
    }

    /// @dev A channel the caller administers and that is not a 1:1 channel.
    function _managedChannel(uint256 channelId) private view returns (Channel storage channel) {
        channel = _existingChannel(channelId);
        if (channel.flags & _DIRECT != 0) revert ChannelIsDirect(channelId);
        if (channel.admin != msg.sender) revert ChannelNotAdmin(channelId, msg.sender);
    }

    /**
     * @dev A private channel whose keys the caller may seal: as its admin, as either member of a 1:1
     * channel, or (`rotating`) as any member of a channel waiting for a new epoch.
     */
    function _keyHolderChannel(uint256 channelId, bool rotating) private view returns (Channel storage channel) {
        channel = _existingChannel(channelId);
        uint8 flags = channel.flags;
        if (flags & _PUBLIC != 0) revert ChannelIsPublic(channelId);
        if (channel.admin == msg.sender) return channel;
        uint8 open = rotating ? _DIRECT | _REKEY_REQUIRED : _DIRECT;
        if (flags & open == 0) revert ChannelNotAdmin(channelId, msg.sender);
        if (_memberSinceOf(channelId, msg.sender) == 0) revert ChannelNotMember(channelId, msg.sender);
    }

    function _channelIdFor(address creator, bytes32 salt) private pure returns (uint256 channelId) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, creator)
            mstore(0x20, salt)
            channelId := shr(161, keccak256(0x00, 0x40))
        }
    }

    function _memberSinceOf(uint256 channelId, address account) private view returns (uint256 epoch) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let slot := or(or(_MEMBER_SLOT_FLAG, shl(160, channelId)), account)
            // Branch-free: ids above _MAX_CHANNEL_ID would alias a smaller id's slot, so they read 0.
            epoch := mul(sload(slot), iszero(gt(channelId, _MAX_CHANNEL_ID)))
        }
    }

    /// @dev Only called with ids of existing channels (derived, so at most _MAX_CHANNEL_ID).
    function _setMemberSince(uint256 channelId, address account, uint256 epoch) private {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(or(or(_MEMBER_SLOT_FLAG, shl(160, channelId)), account), epoch)
        }
    }

    function _sessionKeyExpiryOf(address wallet, address key) private view returns (uint256 expiry) {
        bytes32 slot = _sessionKeySlot(wallet, key);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            expiry := sload(slot)
        }
    }

    function _setSessionKeyExpiry(address wallet, address key, uint256 expiry) private {
        bytes32 slot = _sessionKeySlot(wallet, key);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(slot, expiry)
        }
    }

    function _sessionKeySlot(address wallet, address key) private pure returns (bytes32 slot) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, wallet)
            mstore(0x20, or(_SESSION_KEY_NAMESPACE, key))
            slot := keccak256(0x00, 0x40)
        }
    }

    function _sortPair(address a, address b) private pure returns (address low, address high) {
        (low, high) = a < b ? (a, b) : (b, a);
    }
}
