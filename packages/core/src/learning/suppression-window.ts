import { escapeKeyPart } from "../caps/counter-key.js";
import type { CounterCheck, CounterIncrement } from "../caps/counter-store.js";

/**
 * Contact-policy suppression windows with exact millisecond boundaries on plain counters.
 *
 * "N days" are rolling 24-hour days, not calendar days: an outcome at instant t suppresses while
 * t ≤ now < t + N·24 h — suppressed at t + N·24 h − 1 ms, allowed again at t + N·24 h, whatever the
 * time zone or daylight-saving change in between.
 *
 * Counters only add, so "is there an outcome in (now − N·24 h, now]" is answered by summing
 * counters that tile that interval exactly:
 * - one counter per UTC day bucket (`d<day index>`) for every day after the window's first day;
 * - inside the first (boundary) day and the current day, a binary tree over the millisecond offset
 *   in the day: level l counter n covers offsets [n·2^l, (n + 1)·2^l) (`d<day>l<l>n<n>`). An outcome
 *   increments its day counter and one counter per level (28 writes); a check reads the day
 *   counters strictly between the two edge days plus the tree nodes that cover [boundary, end of
 *   its day) and [start of today, now] (≤ 2·27 each, ~14 typically): about N + 28 keys, and one
 *   `counts()` call serves all of a request's policies.
 * So an outcome stamped after `now` never suppresses at `now` either (deciding "in the past").
 *
 *   cp|<policyId>|u=<profileId>|d<day>             outcomes that day
 *   cp|<policyId>|u=<profileId>|d<day>l<l>n<n>     outcomes in one tree node of that day
 *
 * Keys name the policy, not the offer: a tag policy suppresses every offer carrying the tag after an
 * outcome on any of them. Editing a policy's days keeps its counts (days are not in the key).
 */
export const DAY_MS = 86_400_000;
/** 2^27 ms > one day, so 27 levels (0..26) of tree nodes cover any offset in a day. */
const TREE_LEVELS = 27;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export function suppressionKeyPrefix(policyId: string, profileId: string): string {
  return `cp|${escapeKeyPart(policyId)}|u=${escapeKeyPart(profileId)}|`;
}

/** The counters one outcome at `atMs` increments; they may expire once no window can reach them. */
export function outcomeIncrements(
  policyId: string,
  profileId: string,
  atMs: number,
  days: number,
): CounterIncrement[] {
  const prefix = suppressionKeyPrefix(policyId, profileId);
  const day = Math.floor(atMs / DAY_MS);
  const offset = atMs - day * DAY_MS;
  const expiresAt = (day + 1) * DAY_MS + days * DAY_MS;
  const increments: CounterIncrement[] = [{ writeKey: `${prefix}d${day}`, expiresAt }];
  for (let level = 0; level < TREE_LEVELS; level++) {
    increments.push({
      writeKey: `${prefix}d${day}l${level}n${Math.floor(offset / 2 ** level)}`,
      expiresAt,
    });
  }
  return increments;
}

/**
 * The counters whose sum is the number of outcomes in (nowMs − days·24 h, nowMs]: > 0 means the
 * policy suppresses now.
 */
export function suppressionCheck(
  policyId: string,
  profileId: string,
  nowMs: number,
  days: number,
): CounterCheck {
  const prefix = suppressionKeyPrefix(policyId, profileId);
  const first = nowMs - days * DAY_MS + 1; // first instant still inside the window
  const firstDay = Math.floor(first / DAY_MS);
  const lastDay = Math.floor(nowMs / DAY_MS);
  const readKeys: string[] = [];
  // Offsets in their days, as half-open ranges: [firstOffset, …) and […, nowOffset + 1).
  const firstOffset = first - firstDay * DAY_MS;
  const endOffset = nowMs - lastDay * DAY_MS + 1;
  const cover = (day: number, lo: number, hi: number) => {
    if (lo === 0 && hi === DAY_MS) readKeys.push(`${prefix}d${day}`);
    else
      for (const [level, n] of dyadicCover(lo, hi)) readKeys.push(`${prefix}d${day}l${level}n${n}`);
  };
  if (firstDay === lastDay) cover(firstDay, firstOffset, endOffset);
  else {
    cover(firstDay, firstOffset, DAY_MS);
    for (let day = firstDay + 1; day < lastDay; day++) readKeys.push(`${prefix}d${day}`);
    cover(lastDay, 0, endOffset);
  }
  return { readKeys, writeKey: readKeys[0]!, limit: NO_LIMIT };
}

/** [lo, hi) as the fewest aligned binary-tree nodes: [level, index] with node = [index·2^level, (index+1)·2^level). */
export function dyadicCover(lo: number, hi: number): [number, number][] {
  const nodes: [number, number][] = [];
  let at = lo;
  while (at < hi) {
    let level = 0;
    while (level + 1 < TREE_LEVELS && at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= hi)
      level++;
    nodes.push([level, at / 2 ** level]);
    at += 2 ** level;
  }
  return nodes;
}
