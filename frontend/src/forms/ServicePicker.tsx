import { REPOSITORIES, type Service } from "../api/types.js";
import { REPOSITORY_LABEL } from "../ui/labels.js";
import { Loading } from "../ui/Notice.js";

/** Catalog services as checkboxes, one column per repository; deprecated ones cannot be chosen. */
export function ServicePicker({ services, selected, onChange }: { services: Service[] | undefined; selected: number[]; onChange: (ids: number[]) => void }) {
  if (!services) return <Loading what="the catalog" />;
  const toggle = (id: number, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <div className="service-picker">
      {REPOSITORIES.map((repo) => {
        const inRepo = services.filter((s) => s.repository === repo);
        const activeIds = inRepo.filter((s) => s.status === "active").map((s) => s.id);
        const allOn = activeIds.length > 0 && activeIds.every((id) => selected.includes(id));
        return (
          <fieldset key={repo} className="service-group">
            <legend>
              {REPOSITORY_LABEL[repo]}
              <button
                type="button"
                className="link-button small"
                onClick={() => onChange(allOn ? selected.filter((id) => !activeIds.includes(id)) : [...new Set([...selected, ...activeIds])])}
                disabled={activeIds.length === 0}
              >
                {allOn ? "none" : "all"}
              </button>
            </legend>
            {inRepo.length === 0 && <p className="muted small">No services.</p>}
            {inRepo.map((s) => (
              <label key={s.id} className={`check ${s.status === "deprecated" ? "disabled" : ""}`}>
                <input
                  type="checkbox"
                  name="service"
                  value={s.id}
                  checked={selected.includes(s.id)}
                  disabled={s.status === "deprecated"}
                  onChange={(e) => toggle(s.id, e.target.checked)}
                />
                {s.name} <span className="muted small">v{s.version}</span>
                {s.status === "deprecated" && <span className="muted small"> (deprecated)</span>}
              </label>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
