// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {INodeRegistry} from "./INodeRegistry.sol";
import {IClusterRegistry} from "../platform/IClusterRegistry.sol";
import {IMembership} from "../cluster/IMembership.sol";
import {ComponentKinds} from "../cluster/ComponentKinds.sol";

/// @title The nodes and accounts the consortium's Besu network admits.
/// @notice A node's admission follows its owner's membership: expulsion or dissolution ends it
/// without anyone acting, and `pruneNode` records it. The CDC approves nodes and admits
/// non-member accounts, but cannot admit a node for an organisation that is not a member.
contract NodeRegistry is INodeRegistry {
    uint256 private constant PUBLIC_KEY_LENGTH = 64;
    uint256 private constant MAX_HOST_LENGTH = 15;

    IClusterRegistry public immutable registry;
    address private _admin;
    mapping(address node => Node) private _nodes;
    address[] private _nodeList;
    mapping(address account => bool) private _granted;

    /// @param admin_ The CDC's account: approves nodes and admits non-member accounts.
    /// @param registry_ The cluster registry whose members may register nodes.
    constructor(address admin_, IClusterRegistry registry_) {
        if (admin_ == address(0) || address(registry_) == address(0)) revert ZeroAddress();
        registry = registry_;
        _admin = admin_;
        emit AdminTransferred(address(0), admin_);
    }

    modifier onlyAdmin() {
        if (msg.sender != _admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @inheritdoc INodeRegistry
    function registerNode(uint256 clusterId, bytes calldata publicKey, string calldata host, uint16 port)
        external
        returns (address node_)
    {
        if (clusterId == 0 || registry.statusOf(clusterId) != IClusterRegistry.Status.Active) {
            revert NotClusterMember(clusterId, msg.sender);
        }
        if (!_isMember(clusterId, msg.sender)) revert NotClusterMember(clusterId, msg.sender);
        node_ = _register(msg.sender, clusterId, publicKey, host, port);
    }

    /// @inheritdoc INodeRegistry
    function addInfrastructureNode(bytes calldata publicKey, string calldata host, uint16 port)
        external
        onlyAdmin
        returns (address node_)
    {
        node_ = _register(msg.sender, 0, publicKey, host, port);
        _nodes[node_].status = NodeStatus.Approved;
        emit NodeApproved(node_);
    }

    /// @inheritdoc INodeRegistry
    function approveNode(address node_) external onlyAdmin {
        Node storage n = _withStatus(node_, NodeStatus.Pending);
        if (!_ownerQualifies(n)) revert NotClusterMember(n.clusterId, n.owner);
        n.status = NodeStatus.Approved;
        emit NodeApproved(node_);
    }

    /// @inheritdoc INodeRegistry
    function rejectNode(address node_, string calldata reason) external onlyAdmin {
        _withStatus(node_, NodeStatus.Pending).status = NodeStatus.Rejected;
        emit NodeRejected(node_, reason);
    }

    /// @inheritdoc INodeRegistry
    function withdrawNode(address node_) external {
        Node storage n = _nodes[node_];
        if (n.owner != msg.sender) revert NotNodeOwner(node_, msg.sender);
        _remove(node_, n, Removal.Withdrawn);
    }

    /// @inheritdoc INodeRegistry
    function revokeNode(address node_) external onlyAdmin {
        _withStatus(node_, NodeStatus.Approved);
        _remove(node_, _nodes[node_], Removal.Revoked);
    }

    /// @inheritdoc INodeRegistry
    function pruneNode(address node_) external {
        Node storage n = _nodes[node_];
        if (n.clusterId == 0 || _ownerQualifies(n)) {
            if (n.status == NodeStatus.None) revert WrongNodeStatus(node_, n.status);
            revert OwnerStillMember(node_);
        }
        _remove(node_, n, Removal.OwnerLeft);
    }

    /// @inheritdoc INodeRegistry
    function grantAccount(address account) external onlyAdmin {
        if (account == address(0)) revert ZeroAddress();
        if (_granted[account]) revert AlreadyGranted(account);
        _granted[account] = true;
        emit AccountGranted(account);
    }

    /// @inheritdoc INodeRegistry
    function revokeAccount(address account) external onlyAdmin {
        if (!_granted[account]) revert NotGranted(account);
        delete _granted[account];
        emit AccountRevoked(account);
    }

    /// @inheritdoc INodeRegistry
    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        address previous = _admin;
        _admin = newAdmin;
        emit AdminTransferred(previous, newAdmin);
    }

    /// @inheritdoc INodeRegistry
    function node(address node_) external view returns (Node memory) {
        return _nodes[node_];
    }

    /// @inheritdoc INodeRegistry
    function isAllowed(address node_) external view returns (bool) {
        Node storage n = _nodes[node_];
        return n.status == NodeStatus.Approved && (n.clusterId == 0 || _ownerQualifies(n));
    }

    /// @inheritdoc INodeRegistry
    function isGranted(address account) external view returns (bool) {
        return _granted[account];
    }

    /// @inheritdoc INodeRegistry
    function nodeCount() external view returns (uint256) {
        return _nodeList.length;
    }

    /// @inheritdoc INodeRegistry
    function nodeAt(uint256 index) external view returns (address) {
        return _nodeList[index];
    }

    /// @inheritdoc INodeRegistry
    function admin() external view returns (address) {
        return _admin;
    }

    function _register(address owner, uint256 clusterId, bytes calldata publicKey, string calldata host, uint16 port)
        private
        returns (address node_)
    {
        if (publicKey.length != PUBLIC_KEY_LENGTH) revert InvalidPublicKey();
        if (!_validHost(bytes(host))) revert InvalidHost(host);
        if (port == 0) revert InvalidPort();
        node_ = address(uint160(uint256(keccak256(publicKey))));
        Node storage n = _nodes[node_];
        if (n.status == NodeStatus.Pending || n.status == NodeStatus.Approved) revert NodeExists(node_);
        if (n.status == NodeStatus.None) _nodeList.push(node_);
        _nodes[node_] = Node({
            owner: owner,
            clusterId: uint64(clusterId),
            port: port,
            status: NodeStatus.Pending,
            host: host,
            publicKey: publicKey
        });
        emit NodeRegistered(node_, owner, clusterId, publicKey, host, port);
    }

    function _remove(address node_, Node storage n, Removal reason) private {
        if (n.status != NodeStatus.Pending && n.status != NodeStatus.Approved) revert WrongNodeStatus(node_, n.status);
        n.status = NodeStatus.Removed;
        emit NodeRemoved(node_, reason);
    }

    function _withStatus(address node_, NodeStatus expected) private view returns (Node storage n) {
        n = _nodes[node_];
        if (n.status != expected) revert WrongNodeStatus(node_, n.status);
    }

    /// @dev A live cluster is active or winding down: its members still settle through their nodes.
    function _ownerQualifies(Node storage n) private view returns (bool) {
        IClusterRegistry.Status status = registry.statusOf(n.clusterId);
        if (status != IClusterRegistry.Status.Active && status != IClusterRegistry.Status.Dissolving) return false;
        return _isMember(n.clusterId, n.owner);
    }

    function _isMember(uint256 clusterId, address account) private view returns (bool) {
        address membership = registry.componentOf(clusterId, ComponentKinds.MEMBERSHIP);
        return membership != address(0) && IMembership(membership).isMember(account);
    }

    /// @dev Dotted decimal, no leading zeros: Besu reads an enode's host as an IP address (DNS names
    /// need an experimental flag), and one address has one spelling in every allowlist.
    function _validHost(bytes memory host) private pure returns (bool) {
        if (host.length < 7 || host.length > MAX_HOST_LENGTH) return false;
        uint256 parts;
        uint256 value;
        uint256 digits;
        for (uint256 i = 0; i <= host.length; ++i) {
            if (i == host.length || host[i] == ".") {
                if (digits == 0 || value > 255) return false;
                ++parts;
                (value, digits) = (0, 0);
                continue;
            }
            bytes1 c = host[i];
            if (c < "0" || c > "9" || (digits == 1 && value == 0)) return false;
            value = value * 10 + uint8(c) - 48;
            ++digits;
        }
        return parts == 4;
    }
}
