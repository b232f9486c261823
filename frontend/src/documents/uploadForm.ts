import type { DirectoryEntry } from "../api/types.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import { fileTooLarge } from "./uploadLimit.js";

// A document to upload and anchor, checked as the content API and DocumentRegistry.anchor check
// it, every problem at once and before a byte of the file is read.

/** DocumentRegistry.MAX_SIGNERS: anchor reverts TooManySigners above it. */
const MAX_SIGNERS = 64;

interface UploadInput {
  file: File | undefined;
  title: string;
  /** "Supersedes document #": empty for a first version. */
  previous: string;
  encrypt: boolean;
  /** Who may read it, the author first. */
  recipients: string[];
  signers: string[];
}

interface UploadRules {
  directory: DirectoryEntry[];
  maxUploadBytes: number | undefined;
  /** The author's active documents: only those can be superseded. */
  ownActive: number[];
  /** The form's field ids. */
  ids: { file: string; title: string; previous?: string; recipients?: string };
}

interface CheckedUpload {
  file: File;
  title: string;
  previousVersion: number;
}

export function checkUpload(input: UploadInput, { directory, maxUploadBytes, ownActive, ids }: UploadRules): Checked<CheckedUpload> {
  const errors: FieldErrors = {};
  const { file } = input;
  if (!file) errors[ids.file] = "Choose a file.";
  else if (file.size === 0) errors[ids.file] = `“${file.name}” is empty: the store takes no empty file.`;
  else {
    const tooLarge = fileTooLarge(file, maxUploadBytes);
    if (tooLarge) errors[ids.file] = tooLarge;
  }
  const title = input.title.trim();
  if (!title) errors[ids.title] = "Give the document a title.";

  let previousVersion = 0;
  if (ids.previous && input.previous.trim() !== "") {
    previousVersion = Number(input.previous.trim());
    if (!Number.isSafeInteger(previousVersion) || previousVersion <= 0) errors[ids.previous] = "The previous version is a document number, such as 12.";
    else if (!ownActive.includes(previousVersion))
      errors[ids.previous] = `Document #${previousVersion} is not an active document of yours: only its author supersedes a document, once.`;
  }
  if (input.signers.length > MAX_SIGNERS) errors[ids.recipients ?? ids.file] = `At most ${MAX_SIGNERS} signers; ${input.signers.length} are chosen.`;
  if (input.encrypt) {
    const missing = input.recipients.filter((a) => !directory.find((d) => d.address === a)?.encryptionKey);
    if (missing.length > 0) {
      const names = missing.map((a) => directory.find((d) => d.address === a)?.name ?? a);
      errors[ids.recipients ?? ids.file] = `No published encryption key for ${names.join(", ")}: they must publish one before you can encrypt for them.`;
    }
  }
  if (Object.keys(errors).length > 0 || !file) return { ok: false, errors };
  return { ok: true, value: { file, title, previousVersion } };
}
