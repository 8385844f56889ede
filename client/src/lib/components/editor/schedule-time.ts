import { fromBerlinLocal, toBerlinLocal } from '@planner/shared';

/** Berlin wall-clock helpers for the timeline: days as `YYYY-MM-DD`, times as minutes after midnight. */

export const SLOT_MINUTES = 15;

export function dayOf(iso: string): string {
  return toBerlinLocal(iso).slice(0, 10);
}

export function minutesOf(iso: string): number {
  const l = toBerlinLocal(iso);
  return Number(l.slice(11, 13)) * 60 + Number(l.slice(14, 16));
}

/** The instant at `minutes` after midnight (Berlin) of `day`; minutes may be 1440 (next midnight). */
export function atMinutes(day: string, minutes: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.floor(minutes / 1440));
  const m = ((minutes % 1440) + 1440) % 1440;
  const local = `${d.toISOString().slice(0, 10)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return fromBerlinLocal(local)!;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive, at most `max`. */
export function daysBetween(from: string, to: string, max = 42): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < max; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Moves an instant by whole minutes (through the wall clock, so it stays on the 15-minute grid across DST). */
export function shiftMinutes(iso: string, by: number): string {
  return atMinutes(dayOf(iso), minutesOf(iso) + by);
}

export function snapMinutes(m: number): number {
  return Math.round(m / SLOT_MINUTES) * SLOT_MINUTES;
}
