import { useEffect, useState } from "react";

/**
 * Text typed for a structured value (a tag list, a JSON literal): the user's text is kept while it
 * means the same value, so "a, " stays typeable; a different value from outside (load theirs) resets it.
 */
export function useSyncedText<T>(
  value: T,
  format: (v: T) => string,
  parse: (text: string) => T,
): [string, (text: string) => T] {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    setText((current) => (format(parse(current)) === format(value) ? current : format(value)));
    // format/parse are pure helpers; only an outside change of the value matters here.
  }, [value]);
  const update = (next: string): T => {
    setText(next);
    return parse(next);
  };
  return [text, update];
}

export function formatList(list: readonly string[] | undefined): string {
  return (list ?? []).join(", ");
}

export function parseList(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** A JSON literal when the text is one (3, true, ["a"]), else the text as a string. */
export function parseLiteral(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

export function formatLiteral(value: unknown): string {
  if (value === undefined) return "";
  // A string that would read back as another JSON value ("3", "true") is shown quoted.
  return typeof value === "string" && parseLiteral(value) === value ? value : JSON.stringify(value);
}
