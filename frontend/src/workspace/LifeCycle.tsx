import type { ClusterStatus } from "../api/types.js";
import { STATUS_LABEL } from "../ui/labels.js";

const PATH: ClusterStatus[] = ["initiative", "voting", "forming", "active", "dissolving", "dissolved"];

/** The life cycle of DESIGN.md as a stepper; a rejected initiative ends after voting. */
export function LifeCycle({ status }: { status: ClusterStatus }) {
  const steps: ClusterStatus[] = status === "rejected" ? ["initiative", "voting", "rejected"] : PATH;
  const current = steps.indexOf(status);
  return (
    <ol className="lifecycle" aria-label="Life cycle">
      {steps.map((step, i) => (
        <li key={step} className={i < current ? "done" : i === current ? `current status-${step}` : "todo"} aria-current={i === current ? "step" : undefined}>
          <span className="step-dot" />
          {STATUS_LABEL[step]}
        </li>
      ))}
    </ol>
  );
}
