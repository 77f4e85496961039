import { useEffect, useState } from "react";

/**
 * True once `waiting` has lasted `ms`. It stays true afterwards: once a visitor sees the fallback,
 * a late answer does not swap the content under their eyes (that swap is the flicker we avoid).
 */
export function useRevealAfter(waiting: boolean, ms: number): boolean {
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (!waiting || revealed) return undefined;
    const timer = setTimeout(() => setRevealed(true), ms);
    return () => clearTimeout(timer);
  }, [waiting, revealed, ms]);
  return revealed;
}
