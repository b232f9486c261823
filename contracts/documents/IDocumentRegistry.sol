// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterGate} from "../cluster/IClusterGate.sol";

/// @title A cluster's register of documents kept in IPFS: anchors, signatures, versions.
/// @notice A member anchors a document by its CID and the SHA-256 of its plaintext; the block
/// time of the anchor and the signatures recorded here are the proof of what existed when and
/// who agreed to it. The content itself (often ciphertext) stays in IPFS.
/// @dev Who signs: the author may always sign its own document; besides it, exactly the
/// `signers` named at anchoring (members or not), each once. Recipients are who may read the
/// content (the backend and the encryption enforce that); they are announced, not stored.
/// Only the packed `Document` record lives in storage; CID, hashes, title, previous version,
/// signers and recipients live in the DocumentAnchored event, which the backend indexes.
interface IDocumentRegistry is IClusterGate {
    enum DocumentKind {
        Registration,
        Contract,
        Report,
        Invoice,
        Other
    }

    /// @dev None marks an unknown id. Superseded: a newer version was anchored naming this one.
    enum DocumentStatus {
        None,
        Active,
        Revoked,
        Superseded
    }

    /// @dev None: may not sign (unless the author). Pending: named at anchoring, not signed yet.
    enum SignerStatus {
        None,
        Pending,
        Signed
    }

    /// @dev One storage slot per document.
    struct Document {
        address author;
        uint40 anchoredAt;
        DocumentKind kind;
        DocumentStatus status;
        /// Named signers who have not signed yet.
        uint16 pendingSignatures;
    }

    /// @param cidDigest The SHA-256 digest inside the CIDv0: CID = base58btc(0x1220 || cidDigest).
    /// @param contentHash SHA-256 of the plaintext (equal to the CID's content only if unencrypted).
    /// @param previousVersion The document this one supersedes, or 0.
    event DocumentAnchored(
        uint256 indexed documentId,
        address indexed author,
        bytes32 indexed cidDigest,
        bytes32 contentHash,
        DocumentKind kind,
        uint256 previousVersion,
        string title,
        address[] signers,
        address[] recipients
    );
    event DocumentSigned(uint256 indexed documentId, address indexed signer);
    /// @dev The last named signer signed (never emitted for a document anchored without signers).
    event DocumentFullySigned(uint256 indexed documentId);
    event DocumentRevoked(uint256 indexed documentId, address indexed by);
    event DocumentSuperseded(uint256 indexed documentId, uint256 indexed newVersion);

    error EmptyField(string field);
    error UnknownDocument(uint256 documentId);
    error DocumentNotActive(uint256 documentId, DocumentStatus status);
    error NotAuthor(uint256 documentId, address account);
    error NotSigner(uint256 documentId, address account);
    error AlreadySigned(uint256 documentId, address signer);
    error InvalidSignature(uint256 documentId, address signer);
    error DuplicateSigner(address signer);
    error ZeroSigner();
    error TooManySigners(uint256 count, uint256 max);

    /// @notice Anchors a document (members only): its CID, plaintext hash, kind and title, the
    /// version it supersedes, who must sign it and who may read it.
    /// @dev Naming `previousVersion` supersedes that document, which must be active and the
    /// caller's own. Returns ids from 1.
    function anchor(
        bytes32 cidDigest,
        bytes32 contentHash,
        DocumentKind kind,
        string calldata title,
        uint256 previousVersion,
        address[] calldata signers,
        address[] calldata recipients
    ) external returns (uint256 documentId);

    /// @notice Signs an active document as the caller (its author or a named signer), once.
    function sign(uint256 documentId) external;

    /// @notice Records `signer`'s EIP-712 signature of a document; anyone may submit it.
    /// @dev Typed data `DocumentSignature(uint256 documentId)` in this clone's domain
    /// ("Cluster Documents", "1"); ERC-1271 wallets are accepted. A replay is refused as AlreadySigned.
    function signBySig(uint256 documentId, address signer, bytes calldata signature) external;

    /// @notice Revokes an active document (its author only). Signatures already given stay on record.
    function revoke(uint256 documentId) external;

    /// @notice The stored record; reverts with UnknownDocument for an unused id.
    function document(uint256 documentId) external view returns (Document memory);

    /// @notice Whether `account` was named to sign a document and whether it has signed.
    function signerStatus(uint256 documentId, address account) external view returns (SignerStatus);

    /// @notice The EIP-712 digest a signer signs for a document.
    function signatureDigest(uint256 documentId) external view returns (bytes32);

    /// @notice How many documents were anchored (ids run from 1 to this).
    function documentCount() external view returns (uint256);
}
