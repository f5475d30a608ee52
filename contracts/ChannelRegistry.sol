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
 * Storage is laid out for the hot paths: a post reads exactly one cold slot (the sender's
 * member record), a channel is one packed slot, and the creator gets an explicit member
 * record like everybody else.
 *
 * Public channels: anyone may `join`; the admin may also `addMember` without key material
 * (the key is public, so no EpochKeyShared is emitted); they never rotate and stay at epoch 1.
 * Private channels hold at most MAX_MEMBERS members so one `rotateKey` call re-keys them all.
 * A direct (1:1) channel is an ordinary private channel whose pair is recorded once.
 *
 * Calls can be batched with `multicall` (OpenZeppelin Multicall); `msg.sender` is preserved.
 */
contract ChannelRegistry is IChannelRegistry, Multicall {
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

    /// @dev One slot: 160 + 8 + 56 + 32 bits.
    struct Channel {
        address admin;
        bool isPublic;
        uint56 epoch;
        uint32 memberCount;
    }

    uint256 private _channelCount;
    mapping(uint256 channelId => Channel) private _channels;
    mapping(address low => mapping(address high => uint256 channelId)) private _directChannels;

    /// @dev Member records (the epoch joined; 0 = not a member) live at slot
    /// `_MEMBER_SLOT_FLAG | channelId << 160 | account`, so the one storage read of every post needs
    /// no hashing. Channel ids are sequential and stay at most _MAX_CHANNEL_ID, so bits 160..254 hold
    /// the id unambiguously; bit 255 keeps the region clear of Solidity's own small slots. Larger ids
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

    // ------------------------------------------------------------------ channels

    /**
     * @inheritdoc IChannelRegistry
     * @dev The creator's key material is carried by ChannelCreated (no EpochKeyShared for it).
     */
    function createChannel(bool isPublic, bytes calldata metadata, bytes calldata keyMaterial)
        external
        returns (uint256 channelId)
    {
        return _createChannel(isPublic, metadata, keyMaterial, 1);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Emits ChannelCreated, then MemberAdded and EpochKeyShared (epoch 1) per member.
     */
    function createPrivateChannel(
        bytes calldata metadata,
        bytes calldata creatorKey,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external returns (uint256 channelId) {
        uint256 count = members.length;
        if (count != sealedKeys.length) revert ChannelLengthMismatch(count, sealedKeys.length);
        if (count >= MAX_MEMBERS) revert ChannelInvalidMemberList(count);
        channelId = _createChannel(false, metadata, creatorKey, uint32(count + 1));
        for (uint256 i = 0; i < count; ++i) {
            _addMemberRecord(channelId, members[i], 1, sealedKeys[i]);
        }
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev The caller is the admin. The pair stays recorded even if a member later leaves,
     * so a pair has at most one direct channel ever.
     */
    function createDirectChannel(
        address peer,
        bytes calldata metadata,
        bytes calldata creatorKey,
        bytes calldata peerKey
    ) external returns (uint256 channelId) {
        if (peer == address(0) || peer == msg.sender) revert ChannelInvalidAccount(peer);
        (address low, address high) = _sortPair(msg.sender, peer);
        uint256 existing = _directChannels[low][high];
        if (existing != 0) revert ChannelDirectExists(existing);
        channelId = _createChannel(false, metadata, creatorKey, 2);
        _directChannels[low][high] = channelId;
        emit DirectChannelCreated(channelId, msg.sender, peer);
        _addMemberRecord(channelId, peer, 1, peerKey);
    }

    /// @inheritdoc IChannelRegistry
    function updateMetadata(uint256 channelId, bytes calldata metadata) external {
        Channel storage channel = _adminChannel(channelId);
        _checkMetadata(metadata);
        emit MetadataUpdated(channelId, channel.epoch, metadata);
    }

    // ------------------------------------------------------------------ membership

    /**
     * @inheritdoc IChannelRegistry
     * @dev The joiner's member record holds epoch 1, the only epoch of a public channel.
     */
    function join(uint256 channelId) external {
        Channel storage channel = _existingChannel(channelId);
        if (!channel.isPublic) revert ChannelNotPublic(channelId);
        if (_memberSinceOf(channelId, msg.sender) != 0) revert ChannelAlreadyMember(channelId, msg.sender);
        _setMemberSince(channelId, msg.sender, 1);
        ++channel.memberCount;
        emit MemberJoined(channelId, msg.sender);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Leaving does not rotate the key: the admin of a private channel may rotate afterwards.
     */
    function leave(uint256 channelId) external {
        Channel storage channel = _existingChannel(channelId);
        if (channel.admin == msg.sender) revert ChannelAdminCannotLeave(channelId, msg.sender);
        _deleteMemberRecord(channel, channelId, msg.sender);
        emit MemberLeft(channelId, msg.sender);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Public channel: `sealedKey` must be empty (the key is public) and no EpochKeyShared
     * is emitted. Private channel: `sealedKey` is required and the channel is capped at MAX_MEMBERS.
     */
    function addMember(uint256 channelId, address account, bytes calldata sealedKey) external {
        Channel storage channel = _adminChannel(channelId);
        uint32 count = channel.memberCount;
        bool isPublic = channel.isPublic;
        if (!isPublic && count >= MAX_MEMBERS) revert ChannelInvalidMemberList(count + 1);
        channel.memberCount = count + 1;
        if (isPublic) {
            if (sealedKey.length != 0) revert ChannelInvalidKeyLength(sealedKey.length);
            if (account == address(0)) revert ChannelInvalidAccount(account);
            if (_memberSinceOf(channelId, account) != 0) revert ChannelAlreadyMember(channelId, account);
            _setMemberSince(channelId, account, 1);
            emit MemberAdded(channelId, account, 1);
        } else {
            _addMemberRecord(channelId, account, channel.epoch, sealedKey);
        }
    }

    /// @inheritdoc IChannelRegistry
    function shareEpochKeys(
        uint256 channelId,
        address account,
        uint64[] calldata epochs,
        bytes[] calldata sealedKeys
    ) external {
        Channel storage channel = _privateAdminChannel(channelId);
        uint256 count = epochs.length;
        if (count != sealedKeys.length) revert ChannelLengthMismatch(count, sealedKeys.length);
        if (count == 0 || count > MAX_MEMBERS) revert ChannelInvalidBatchSize(count, MAX_MEMBERS);
        if (_memberSinceOf(channelId, account) == 0) revert ChannelNotMember(channelId, account);
        uint64 current = channel.epoch;
        for (uint256 i = 0; i < count; ++i) {
            uint64 epoch = epochs[i];
            if (epoch == 0 || epoch > current) revert ChannelEpochMismatch(channelId, current, epoch);
            _checkKey(sealedKeys[i]);
            emit EpochKeyShared(channelId, epoch, account, sealedKeys[i]);
        }
    }

    /// @inheritdoc IChannelRegistry
    function removeMember(uint256 channelId, address account) external {
        _removeMember(_adminChannel(channelId), channelId, account);
    }

    /**
     * @inheritdoc IChannelRegistry
     * @dev Reverts with ChannelIsPublic on a public channel, ChannelInvalidMemberList when the
     * list is not as long as the member count, ChannelInvalidAccount when it is not strictly
     * ascending and ChannelNotMember for an outsider. Emits KeyRotated, then EpochKeyShared per member.
     */
    function rotateKey(uint256 channelId, address[] calldata members, bytes[] calldata sealedKeys) external {
        _rotate(_privateAdminChannel(channelId), channelId, members, sealedKeys);
    }

    /// @inheritdoc IChannelRegistry
    function removeMemberAndRotate(
        uint256 channelId,
        address account,
        address[] calldata members,
        bytes[] calldata sealedKeys
    ) external {
        Channel storage channel = _privateAdminChannel(channelId);
        _removeMember(channel, channelId, account);
        _rotate(channel, channelId, members, sealedKeys);
    }

    /// @inheritdoc IChannelRegistry
    function transferAdmin(uint256 channelId, address newAdmin) external {
        Channel storage channel = _adminChannel(channelId);
        if (newAdmin == msg.sender) revert ChannelInvalidAccount(newAdmin);
        if (_memberSinceOf(channelId, newAdmin) == 0) revert ChannelNotMember(channelId, newAdmin);
        channel.admin = newAdmin;
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
     * @dev Reverts with SessionKeyInvalid for the zero address or the caller itself and with
     * SessionKeyInvalidExpiry unless block.timestamp < expiry ≤ block.timestamp + MAX_SESSION_DURATION.
     * The ETH is forwarded after the state change and the event (checks-effects-interactions).
     */
    function authorizeSessionKey(address key, uint64 expiry) external payable {
        if (key == address(0) || key == msg.sender) revert SessionKeyInvalid(key);
        uint256 max = block.timestamp + MAX_SESSION_DURATION;
        if (expiry <= block.timestamp || expiry > max) revert SessionKeyInvalidExpiry(expiry, uint64(max));
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
    function channelInfo(uint256 channelId) external view returns (ChannelInfo memory) {
        Channel storage channel = _existingChannel(channelId);
        return ChannelInfo(channel.admin, channel.isPublic, channel.epoch, channel.memberCount);
    }

    /// @inheritdoc IChannelRegistry
    function isMember(uint256 channelId, address account) external view returns (bool) {
        return _memberSinceOf(channelId, account) != 0;
    }

    /// @inheritdoc IChannelRegistry
    function memberSince(uint256 channelId, address account) external view returns (uint64) {
        return uint64(_memberSinceOf(channelId, account));
    }

    /// @inheritdoc IChannelRegistry
    function currentEpoch(uint256 channelId) external view returns (uint64) {
        return _existingChannel(channelId).epoch;
    }

    /// @inheritdoc IChannelRegistry
    function memberCount(uint256 channelId) external view returns (uint32) {
        return _existingChannel(channelId).memberCount;
    }

    /// @inheritdoc IChannelRegistry
    function channelCount() external view returns (uint256) {
        return _channelCount;
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

    function _createChannel(bool isPublic, bytes calldata metadata, bytes calldata keyMaterial, uint32 count)
        private
        returns (uint256 channelId)
    {
        _checkMetadata(metadata);
        _checkKey(keyMaterial);
        channelId = ++_channelCount;
        _channels[channelId] = Channel({admin: msg.sender, isPublic: isPublic, epoch: 1, memberCount: count});
        _setMemberSince(channelId, msg.sender, 1);
        emit ChannelCreated(channelId, msg.sender, isPublic, metadata, keyMaterial);
    }

    /// @dev Records `account` as a member of a private channel since `epoch` and shares that epoch's key.
    /// The caller maintains memberCount.
    function _addMemberRecord(uint256 channelId, address account, uint64 epoch, bytes calldata sealedKey) private {
        if (account == address(0)) revert ChannelInvalidAccount(account);
        if (_memberSinceOf(channelId, account) != 0) revert ChannelAlreadyMember(channelId, account);
        _checkKey(sealedKey);
        _setMemberSince(channelId, account, epoch);
        emit MemberAdded(channelId, account, epoch);
        emit EpochKeyShared(channelId, epoch, account, sealedKey);
    }

    function _removeMember(Channel storage channel, uint256 channelId, address account) private {
        if (account == msg.sender) revert ChannelAdminCannotLeave(channelId, account);
        _deleteMemberRecord(channel, channelId, account);
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
        if (count != channel.memberCount) revert ChannelInvalidMemberList(count);
        uint56 epoch = channel.epoch + 1;
        channel.epoch = epoch;
        emit KeyRotated(channelId, epoch);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            address account = members[i];
            if (account <= previous) revert ChannelInvalidAccount(account);
            if (_memberSinceOf(channelId, account) == 0) revert ChannelNotMember(channelId, account);
            _checkKey(sealedKeys[i]);
            emit EpochKeyShared(channelId, epoch, account, sealedKeys[i]);
            previous = account;
        }
    }

    function _post(address sender, uint256 channelId, bytes calldata wrappedCid) private {
        unchecked {
            // One comparison rejects both 0 (wraps around) and anything above the maximum.
            if (wrappedCid.length - 1 >= MAX_WRAPPED_CID_LENGTH) {
                revert ChannelInvalidWrappedCidLength(wrappedCid.length);
            }
        }
        if (_memberSinceOf(channelId, sender) == 0) revert ChannelNotMember(channelId, sender);
        _emitMessage(Posted.selector, channelId, sender, wrappedCid);
    }

    function _postBatch(address sender, uint256 channelId, bytes calldata packed) private {
        _checkBatch(packed);
        if (_memberSinceOf(channelId, sender) == 0) revert ChannelNotMember(channelId, sender);
        _emitMessage(BatchPosted.selector, channelId, sender, packed);
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
     * in 1..MAX_WRAPPED_CID_LENGTH, the last item must end exactly at the end, and the item count
     * must be in 1..MAX_BATCH_SIZE.
     */
    function _checkBatch(bytes calldata packed) private pure {
        uint256 count;
        uint256 offset;
        bool malformed;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let start := packed.offset
            let end := add(start, packed.length)
            let cursor := start
            for {} lt(cursor, end) {} {
                let length := byte(0, calldataload(cursor))
                let next := add(add(cursor, 1), length)
                if or(or(iszero(length), gt(length, MAX_WRAPPED_CID_LENGTH)), gt(next, end)) {
                    malformed := 1
                    break
                }
                cursor := next
                count := add(count, 1)
            }
            offset := sub(cursor, start)
        }
        if (malformed) revert ChannelInvalidBatch(offset);
        if (count == 0 || count > MAX_BATCH_SIZE) revert ChannelInvalidBatchSize(count, MAX_BATCH_SIZE);
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

    function _adminChannel(uint256 channelId) private view returns (Channel storage channel) {
        channel = _existingChannel(channelId);
        if (channel.admin != msg.sender) revert ChannelNotAdmin(channelId, msg.sender);
    }

    function _privateAdminChannel(uint256 channelId) private view returns (Channel storage channel) {
        channel = _adminChannel(channelId);
        if (channel.isPublic) revert ChannelIsPublic(channelId);
    }

    function _memberSinceOf(uint256 channelId, address account) private view returns (uint256 epoch) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let slot := or(or(_MEMBER_SLOT_FLAG, shl(160, channelId)), account)
            // Branch-free: ids above _MAX_CHANNEL_ID would alias a smaller id's slot, so they read 0.
            epoch := mul(sload(slot), iszero(gt(channelId, _MAX_CHANNEL_ID)))
        }
    }

    /// @dev Only called with ids of existing channels (≤ _channelCount, far below _MAX_CHANNEL_ID).
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
