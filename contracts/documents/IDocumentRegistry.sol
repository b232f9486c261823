// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IClusterGate} from "../cluster/IClusterGate.sol";

/// @title A cluster's register of documents kept in IPFS: anchors, signatures, versions.
/// @notice A member anchors a document by its CID and its content commitment (see
/// DocumentAnchored); the block time of the anchor and the signatures recorded here, each naming
/// that content, are the proof of what existed when and who agreed to it. The content itself
/// (often ciphertext) stays in IPFS. Titles are public, a confidential document's included.
/// @dev Who signs: the author may always sign its own document; besides it, exactly the
/// `signers` named at anchoring (members or not), each once. Recipients are who may read the
/// content (the backend and the encryption enforce that); they are announced, not stored.
/// Only the packed `Document` record and the digest of its content live in storage; CID, hashes,
/// title, previous version, signers and recipients live in the DocumentAnchored event, which the
/// backend indexes.
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

    /// @dev Two storage slots per document: the packed record and the content it anchors.
    struct Document {
        address author;
        uint40 anchoredAt;
        DocumentKind kind;
        DocumentStatus status;
        /// Named signers who have not signed yet.
        uint16 pendingSignatures;
        /// keccak256(abi.encode(cidDigest, contentHash)): what a signature must name (see contentDigest).
        bytes32 content;
    }

    /// @param cidDigest The SHA-256 digest inside the CIDv0: CID = base58btc(0x1220 || cidDigest).
    /// @param contentHash The content commitment: SHA-256 of the plaintext for a public document (then
    /// equal to the CID's content), SHA-256(salt || plaintext) for an encrypted one, whose 32-byte random
    /// salt travels sealed inside the envelope, so a guess of the content cannot be confirmed.
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
    /// @dev A signature named other content than the document anchors (`anchored` is its contentDigest).
    error ContentMismatch(uint256 documentId, bytes32 anchored, bytes32 signed);

    /// @notice Anchors a document (members only): its CID, content commitment, kind and title, the
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

    /// @notice Signs an active document as the caller (its author or a named signer), once, naming
    /// the content the signer read: refused with ContentMismatch unless the document anchors exactly it.
    function sign(uint256 documentId, bytes32 cidDigest, bytes32 contentHash) external;

    /// @notice Records `signer`'s EIP-712 signature of a document's content; anyone may submit it.
    /// @dev Typed data `DocumentSignature(uint256 documentId,bytes32 cidDigest,bytes32 contentHash)` in
    /// this clone's domain ("Cluster Documents", "1"); ERC-1271 wallets are accepted. A signature
    /// prepared for an id before it was anchored cannot be applied to other content anchored under
    /// that id (ContentMismatch). A replay is refused as AlreadySigned.
    function signBySig(uint256 documentId, bytes32 cidDigest, bytes32 contentHash, address signer, bytes calldata signature)
        external;

    /// @notice Revokes an active document (its author only). Signatures already given stay on record.
    function revoke(uint256 documentId) external;

    /// @notice The stored record; reverts with UnknownDocument for an unused id.
    function document(uint256 documentId) external view returns (Document memory);

    /// @notice Whether `account` was named to sign a document and whether it has signed.
    function signerStatus(uint256 documentId, address account) external view returns (SignerStatus);

    /// @notice The EIP-712 digest a signer signs for a document's content.
    function signatureDigest(uint256 documentId, bytes32 cidDigest, bytes32 contentHash) external view returns (bytes32);

    /// @notice keccak256(abi.encode(cidDigest, contentHash)), the value a document's `content` field holds.
    function contentDigest(bytes32 cidDigest, bytes32 contentHash) external pure returns (bytes32);

    /// @notice How many documents were anchored (ids run from 1 to this).
    function documentCount() external view returns (uint256);
}
