/** Who a cap counter belongs to, read back from core's counter key (see core's caps/counter-key.ts). */
export interface CapCounterOwner {
  offerId: string;
  capId: string;
  /** The placement for caps counted per placement; "" for caps that count across placements. */
  placementId: string;
}

/**
 * Parses `cap|<offerId>|<capId>|<who>|<where>|<window>` (parts escaped: % → %25, | → %7C). Other keys
 * (learning counters, another store's namespace) are not cap counters: undefined.
 */
export function capCounterOwner(writeKey: string): CapCounterOwner | undefined {
  const parts = writeKey.split("|");
  if (parts.length !== 6 || parts[0] !== "cap") return undefined;
  const [, offer, cap, , where] = parts as [string, string, string, string, string, string];
  if (offer === "" || cap === "") return undefined;
  return {
    offerId: unescapeKeyPart(offer),
    capId: unescapeKeyPart(cap),
    placementId: where.startsWith("p=") ? unescapeKeyPart(where.slice(2)) : "",
  };
}

function unescapeKeyPart(value: string): string {
  return value.includes("%") ? value.replaceAll("%7C", "|").replaceAll("%25", "%") : value;
}
