interface MoveControlsProps {
  /** What the buttons name, e.g. "group 2" → "Move group 2 up". */
  what: string;
  /** Prefix of the buttons' element ids; the index is appended so focus can follow a moved item. */
  idBase: string;
  index: number;
  count: number;
  readOnly: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  /** The last item of a list that needs one may not be removed. */
  canRemove?: boolean;
}

/** Move up / Move down / Remove for one item of an ordered list; keyboard focus follows the moved item. */
export function MoveControls({
  what,
  idBase,
  index,
  count,
  readOnly,
  onMove,
  onRemove,
  canRemove = true,
}: MoveControlsProps) {
  if (readOnly) return null;
  const move = (by: -1 | 1): void => {
    onMove(by);
    const target = index + by;
    // After React re-renders, the item sits at `target`: focus its button for the same direction (or the other one at an end).
    setTimeout(() => {
      const same = document.getElementById(
        `${idBase}-${target}-${by < 0 ? "up" : "down"}`,
      ) as HTMLButtonElement | null;
      const other = document.getElementById(
        `${idBase}-${target}-${by < 0 ? "down" : "up"}`,
      ) as HTMLButtonElement | null;
      (same && !same.disabled ? same : other)?.focus();
    });
  };
  return (
    <span className="move-controls">
      <button
        type="button"
        id={`${idBase}-${index}-up`}
        className="secondary small"
        disabled={index === 0}
        onClick={() => move(-1)}
      >
        Move {what} up
      </button>
      <button
        type="button"
        id={`${idBase}-${index}-down`}
        className="secondary small"
        disabled={index === count - 1}
        onClick={() => move(1)}
      >
        Move {what} down
      </button>
      <button type="button" className="secondary small" disabled={!canRemove} onClick={onRemove}>
        Remove {what}
      </button>
    </span>
  );
}
