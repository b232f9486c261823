// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IClusterComponent} from "../cluster/IClusterComponent.sol";
import {ClusterGate} from "../cluster/ClusterGate.sol";
import {IDocumentRegistry} from "./IDocumentRegistry.sol";

/// @title A cluster's register of IPFS documents: anchors, signatures, revocations, versions.
/// @notice One clone per cluster (component kind "Documents"). Writes need the cluster Active
/// and its "document-management" service enabled; anchoring needs a member.
/// @dev Built for a cheap anchor: two fresh storage slots per document (the packed record and the
/// digest of its content, which every signature must name), everything else in the event. Signing
/// state is per (document, signer), which also makes a replayed signature fail.
contract DocumentRegistry is ClusterGate, EIP712Upgradeable, IDocumentRegistry {
    /// @notice The most signers one document can name.
    uint256 public constant MAX_SIGNERS = 64;

    string private constant SERVICE = "document-management";
    string private constant SIGNING_NAME = "Cluster Documents";
    string private constant SIGNING_VERSION = "1";
    /// @dev A signature names the content (CID digest and commitment), not just the id.
    bytes32 private constant SIGNATURE_TYPEHASH =
        keccak256("DocumentSignature(uint256 documentId,bytes32 cidDigest,bytes32 contentHash)");

    /// @dev Declared first, so it packs into ClusterGate's slot, which every anchor reads anyway.
    uint48 private _documentCount;
    mapping(uint256 documentId => Document) private _documents;
    mapping(uint256 documentId => mapping(address account => SignerStatus)) private _signers;

    /// @dev The implementation is only a template for clones; it can never be initialised itself.
    /// @param registry_ The platform's ClusterRegistry (see ClusterGate).
    constructor(address registry_) ClusterGate(registry_) {}

    /// @inheritdoc IClusterComponent
    /// @dev Called by the factory after the cluster's Membership is attached. The EIP-712 name
    /// and version are constants, so nothing of EIP712Upgradeable needs initialising.
    function initialize(address registry_, uint256 clusterId_) external {
        _initGate(registry_, clusterId_);
    }

    // ---------------------------------------------------------------- writes

    /// @inheritdoc IDocumentRegistry
    function anchor(
        bytes32 cidDigest,
        bytes32 contentHash,
        DocumentKind kind,
        string calldata title,
        uint256 previousVersion,
        address[] calldata signers,
        address[] calldata recipients
    ) external returns (uint256 documentId) {
        _requireOpen(false);
        _requireMember(msg.sender);
        if (cidDigest == bytes32(0)) revert EmptyField("cidDigest");
        if (contentHash == bytes32(0)) revert EmptyField("contentHash");
        if (signers.length > MAX_SIGNERS) revert TooManySigners(signers.length, MAX_SIGNERS);

        documentId = ++_documentCount;
        if (previousVersion != 0) _supersede(previousVersion, documentId);
        _documents[documentId] = Document({
            author: msg.sender,
            anchoredAt: uint40(block.timestamp),
            kind: kind,
            status: DocumentStatus.Active,
            pendingSignatures: uint16(signers.length),
            content: contentDigest(cidDigest, contentHash)
        });
        mapping(address => SignerStatus) storage named = _signers[documentId];
        for (uint256 i = 0; i < signers.length; ++i) {
            address signer = signers[i];
            if (signer == address(0)) revert ZeroSigner();
            if (named[signer] != SignerStatus.None) revert DuplicateSigner(signer);
            named[signer] = SignerStatus.Pending;
        }
        emit DocumentAnchored(
            documentId, msg.sender, cidDigest, contentHash, kind, previousVersion, title, signers, recipients
        );
    }

    /// @inheritdoc IDocumentRegistry
    function sign(uint256 documentId, bytes32 cidDigest, bytes32 contentHash) external {
        _requireOpen(false);
        _sign(documentId, contentDigest(cidDigest, contentHash), msg.sender);
    }

    /// @inheritdoc IDocumentRegistry
    /// @dev The signature is checked last, so a replay reports AlreadySigned, not a bad signature.
    function signBySig(
        uint256 documentId,
        bytes32 cidDigest,
        bytes32 contentHash,
        address signer,
        bytes calldata signature
    ) external {
        _requireOpen(false);
        _sign(documentId, contentDigest(cidDigest, contentHash), signer);
        bytes32 digest = signatureDigest(documentId, cidDigest, contentHash);
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) {
            revert InvalidSignature(documentId, signer);
        }
    }

    /// @inheritdoc IDocumentRegistry
    function revoke(uint256 documentId) external {
        _requireOpen(false);
        Document storage d = _activeDocument(documentId);
        if (d.author != msg.sender) revert NotAuthor(documentId, msg.sender);
        d.status = DocumentStatus.Revoked;
        emit DocumentRevoked(documentId, msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDocumentRegistry
    function document(uint256 documentId) external view returns (Document memory d) {
        d = _documents[documentId];
        if (d.status == DocumentStatus.None) revert UnknownDocument(documentId);
    }

    /// @inheritdoc IDocumentRegistry
    function signerStatus(uint256 documentId, address account) external view returns (SignerStatus) {
        return _signers[documentId][account];
    }

    /// @inheritdoc IDocumentRegistry
    function signatureDigest(uint256 documentId, bytes32 cidDigest, bytes32 contentHash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SIGNATURE_TYPEHASH, documentId, cidDigest, contentHash)));
    }

    /// @inheritdoc IDocumentRegistry
    function contentDigest(bytes32 cidDigest, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encode(cidDigest, contentHash));
    }

    /// @inheritdoc IDocumentRegistry
    function documentCount() external view returns (uint256) {
        return _documentCount;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Effects only; a signature, if any, is verified by the caller afterwards (the
    /// verification is a view call, and reverting undoes these writes).
    function _sign(uint256 documentId, bytes32 content, address signer) private {
        Document storage d = _activeDocument(documentId);
        if (d.content != content) revert ContentMismatch(documentId, d.content, content);
        SignerStatus was = _signers[documentId][signer];
        if (was == SignerStatus.Signed) revert AlreadySigned(documentId, signer);
        if (was == SignerStatus.None && signer != d.author) revert NotSigner(documentId, signer);
        _signers[documentId][signer] = SignerStatus.Signed;
        emit DocumentSigned(documentId, signer);
        if (was == SignerStatus.Pending && --d.pendingSignatures == 0) emit DocumentFullySigned(documentId);
    }

    function _supersede(uint256 previous, uint256 newVersion) private {
        Document storage d = _activeDocument(previous);
        if (d.author != msg.sender) revert NotAuthor(previous, msg.sender);
        d.status = DocumentStatus.Superseded;
        emit DocumentSuperseded(previous, newVersion);
    }

    function _activeDocument(uint256 documentId) private view returns (Document storage d) {
        d = _documents[documentId];
        if (d.status != DocumentStatus.Active) {
            if (d.status == DocumentStatus.None) revert UnknownDocument(documentId);
            revert DocumentNotActive(documentId, d.status);
        }
    }

    function _serviceName() internal pure override returns (string memory) {
        return SERVICE;
    }

    function _EIP712Name() internal pure override returns (string memory) {
        return SIGNING_NAME;
    }

    function _EIP712Version() internal pure override returns (string memory) {
        return SIGNING_VERSION;
    }
}
