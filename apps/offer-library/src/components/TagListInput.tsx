import { formatList, parseList, useSyncedText } from "../forms/use-synced-text.js";

interface TagListInputProps {
  label: string;
  value: readonly string[] | undefined;
  readOnly: boolean;
  onChange: (tags: string[]) => void;
  describedBy?: string | undefined;
}

/** A comma-separated list of tags, kept as typed while it means the same list. */
export function TagListInput({ label, value, readOnly, onChange, describedBy }: TagListInputProps) {
  const [text, update] = useSyncedText<readonly string[] | undefined>(value, formatList, parseList);
  return (
    <label>
      {label}
      <input
        value={text}
        readOnly={readOnly}
        aria-describedby={describedBy}
        onChange={(e) => onChange([...(update(e.target.value) ?? [])])}
      />
    </label>
  );
}
