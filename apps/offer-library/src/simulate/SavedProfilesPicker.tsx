import { useState } from "react";

const STORAGE_KEY = "offerkit.offer-library.sampleProfiles";

function loadSaved(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

interface SavedProfilesPickerProps {
  /** The profile JSON being edited (saved as typed). */
  current: string;
  onPick: (profileText: string) => void;
}

/** Sample profiles kept in this browser (localStorage): pick one, or save the one being edited under a name. */
export function SavedProfilesPicker({ current, onPick }: SavedProfilesPickerProps) {
  const [saved, setSaved] = useState(loadSaved);
  const [name, setName] = useState("");
  const names = Object.keys(saved).sort();
  const save = (): void => {
    const next = { ...saved, [name.trim()]: current };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setSaved(next);
    setName("");
  };
  return (
    <div className="actions">
      <label>
        Saved profiles
        <select
          value=""
          onChange={(e) => e.target.value !== "" && onPick(saved[e.target.value] ?? "")}
          disabled={names.length === 0}
        >
          <option value="">
            {names.length === 0 ? "(none saved yet)" : "(pick a saved profile)"}
          </option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        Save this profile as
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="button" className="secondary" disabled={name.trim() === ""} onClick={save}>
        Save profile
      </button>
    </div>
  );
}
