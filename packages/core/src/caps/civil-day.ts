import type { Weekday } from "../model/cap-rule.js";

/**
 * Calendar arithmetic on "civil days": whole days counted from 1970-01-01 in some local calendar,
 * with no time zone attached. Day 0 is Thursday 1970-01-01. Plain integers keep day/week/month
 * window maths exact and independent of daylight-saving changes, which only matter when a civil day
 * is turned back into an instant (see time-zone.ts).
 */

export const DAY_MS = 86_400_000;

const WEEKDAY_INDEX: Record<Weekday, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(civilDay: number): number {
  return mod(civilDay + 4, 7);
}

/** The civil day on which the week containing `civilDay` starts. */
export function weekStartOf(civilDay: number, weekStart: Weekday): number {
  return civilDay - mod(weekdayOf(civilDay) - WEEKDAY_INDEX[weekStart], 7);
}

/** Months since January 1970 (0 = 1970-01): month windows are counted in these. */
export function monthIndexOf(civilDay: number): number {
  const date = new Date(civilDay * DAY_MS);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** The civil day of the 1st of a month given as months since January 1970. */
export function firstDayOfMonth(monthIndex: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not remap years 0-99 to 1900-1999.
  date.setUTCFullYear(1970 + Math.floor(monthIndex / 12), mod(monthIndex, 12), 1);
  return Math.round(date.getTime() / DAY_MS);
}

/** Civil day as YYYY-MM-DD, for messages and tests. */
export function formatCivilDay(civilDay: number): string {
  return new Date(civilDay * DAY_MS).toISOString().slice(0, 10);
}

/** Modulo that is never negative, so days before 1970 land in the right week or month. */
export function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
