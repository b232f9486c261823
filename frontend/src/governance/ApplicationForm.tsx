import { useState } from "react";
import type { ClusterDetail } from "../api/types.js";
import { governorAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { SubmitBar } from "../forms/Field.js";
import type { FieldErrors } from "../forms/validation.js";
import { ADMISSION_POLICY_LABEL } from "../ui/labels.js";
import { ProfileFields } from "./ProfileFields.js";
import { checkProfile, EMPTY_PROFILE, type ProfileForm } from "./profileForm.js";

const PREFIX = "apply";

/** A signed-in non-member applies for membership with its organisation's profile. */
export function ApplicationForm({ cluster, governor, onApplied }: { cluster: ClusterDetail; governor: string; onApplied: () => void }) {
  const [profile, setProfile] = useState<ProfileForm>(EMPTY_PROFILE);
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  const problems: FieldErrors = {};
  const checked = checkProfile(profile, PREFIX, problems);
  const errors = attempted ? problems : {};

  const apply = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked) return tx.reset();
    const receipt = await tx.run(
      `Apply for membership of “${cluster.name}”`,
      (signer) => governorAt(governor, signer).applyForMembership(checked.profile, checked.role),
      onApplied,
    );
    if (receipt) {
      setProfile(EMPTY_PROFILE);
      setAttempted(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void apply(e)} aria-label="Apply for membership" noValidate>
      <h2>Apply for membership</h2>
      <p className="muted small">
        Your application carries your organisation's profile; it is decided by the cluster's admission policy:{" "}
        {cluster.params ? ADMISSION_POLICY_LABEL[cluster.params.admissionPolicy].toLowerCase() : "not known yet"}.
      </p>
      <ProfileFields value={profile} onChange={setProfile} prefix={PREFIX} errors={errors} disabled={tx.busy} />
      <SubmitBar errors={errors} tx={tx} label="Apply" busyLabel="Applying…" />
    </form>
  );
}
