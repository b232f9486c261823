// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title The nodes and accounts the consortium's Besu network admits.
/// @notice Besu keeps its allowlists per node (on-chain permissioning was removed in Besu 25.6):
/// this contract is what they must equal. A member organisation registers its node, the CDC
/// approves it, and it stays admitted only while its owner is a member of a live cluster. The
/// permissioning operator writes the allowlists of every node from here.
interface INodeRegistry {
    /// @dev None marks an unknown node.
    enum NodeStatus {
        None,
        Pending,
        Approved,
        Rejected,
        Removed
    }

    /// @dev Why a node left: its owner withdrew it, the CDC revoked it, or its owner left its cluster.
    enum Removal {
        Withdrawn,
        Revoked,
        OwnerLeft
    }

    /// @dev clusterId 0 marks the CDC's own infrastructure nodes (validators, RPC nodes).
    struct Node {
        address owner;
        uint64 clusterId;
        uint16 port;
        NodeStatus status;
        string host;
        bytes publicKey;
    }

    event NodeRegistered(
        address indexed node,
        address indexed owner,
        uint256 indexed clusterId,
        bytes publicKey,
        string host,
        uint16 port
    );
    event NodeApproved(address indexed node);
    event NodeRejected(address indexed node, string reason);
    event NodeRemoved(address indexed node, Removal reason);
    event AccountGranted(address indexed account);
    event AccountRevoked(address indexed account);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    error NotAdmin(address caller);
    error ZeroAddress();
    error NotNodeOwner(address node, address caller);
    /// @dev The account is not a member of that cluster, or the cluster is not active.
    error NotClusterMember(uint256 clusterId, address account);
    /// @dev A node's public key is the 64 bytes of its secp256k1 key, as in its enode URL.
    error InvalidPublicKey();
    /// @dev A host is an IPv4 address in dotted decimal without leading zeros (what Besu accepts in an enode URL).
    error InvalidHost(string host);
    error InvalidPort();
    /// @dev The node is pending or approved already.
    error NodeExists(address node);
    error WrongNodeStatus(address node, NodeStatus status);
    /// @dev Only a node whose owner left its cluster may be pruned by anyone.
    error OwnerStillMember(address node);
    error AlreadyGranted(address account);
    error NotGranted(address account);

    /// @notice Registers the caller's node for the CDC's approval. The caller must be a member of
    /// the active cluster `clusterId`; the node is known by the address of its public key.
    function registerNode(uint256 clusterId, bytes calldata publicKey, string calldata host, uint16 port)
        external
        returns (address node);

    /// @notice Adds one of the CDC's infrastructure nodes, approved at once (admin only).
    function addInfrastructureNode(bytes calldata publicKey, string calldata host, uint16 port)
        external
        returns (address node);

    /// @notice Admits a pending node (admin only) whose owner is still a member.
    function approveNode(address node) external;

    /// @notice Turns down a pending node, saying why (admin only).
    function rejectNode(address node, string calldata reason) external;

    /// @notice The owner takes its pending or approved node out.
    function withdrawNode(address node) external;

    /// @notice Takes an approved node out (admin only), e.g. when its key is compromised.
    function revokeNode(address node) external;

    /// @notice Anyone may record that a node's owner left its cluster (or the cluster ended);
    /// such a node is no longer allowed even before this is called.
    function pruneNode(address node) external;

    /// @notice Admits an account that is no cluster member (an operator's key, an applicant) (admin only).
    function grantAccount(address account) external;

    /// @notice Withdraws an account admitted by grantAccount (admin only); members stay admitted by their membership.
    function revokeAccount(address account) external;

    /// @notice Hands the admin role to another account or contract (admin only).
    function transferAdmin(address newAdmin) external;

    /// @notice The node known by `node` (the address of its public key).
    function node(address node) external view returns (Node memory);

    /// @notice Whether the network must admit `node` now: approved, and its owner a member of a live cluster.
    function isAllowed(address node) external view returns (bool);

    /// @notice Whether `account` was admitted by grantAccount.
    function isGranted(address account) external view returns (bool);

    /// @notice How many nodes were ever registered; `nodeAt` lists them.
    function nodeCount() external view returns (uint256);

    function nodeAt(uint256 index) external view returns (address);

    function admin() external view returns (address);
}
