// Budget windows: the UTC calendar day, the ISO 8601 week (Monday to Sunday) and the UTC
// calendar month. Every counter, every check and every "resets at" reads them from here.
import type { BudgetPeriod } from '../api/index.js';

export interface PeriodWindow {
  period: BudgetPeriod;
  /** Names the window in counter keys: `2026-12-01`, `2026-W49`, `2026-12`. */
  id: string;
  /** Start of the window (epoch ms, inclusive). */
  start: number;
  /** Start of the next window (epoch ms): when the counter resets. */
  resetsAt: number;
}

const DAY_MS = 86_400_000;

/** The window of `period` that contains the instant `nowMs`. */
export function periodWindow(period: BudgetPeriod, nowMs: number): PeriodWindow {
  const now = new Date(nowMs);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  switch (period) {
    case 'daily':
      return { period, id: isoDate(dayStart), start: dayStart, resetsAt: dayStart + DAY_MS };
    case 'weekly': {
      const weekday = (now.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      const start = dayStart - weekday * DAY_MS;
      return { period, id: isoWeekId(start), start, resetsAt: start + 7 * DAY_MS };
    }
    case 'monthly': {
      const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
      const resetsAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
      return { period, id: isoDate(start).slice(0, 7), start, resetsAt };
    }
  }
}

/** The windows of every period containing `nowMs` (a spend counts in all three). */
export function currentWindows(nowMs: number): PeriodWindow[] {
  return (['daily', 'weekly', 'monthly'] as const).map((period) => periodWindow(period, nowMs));
}

/** How a message names the window: `today`, `this week`, `this month`. */
export function windowPhrase(period: BudgetPeriod): string {
  return period === 'daily' ? 'today' : period === 'weekly' ? 'this week' : 'this month';
}

/** RFC 3339 in UTC without milliseconds: `2026-12-02T00:00:00Z`. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2026-W49` for the week starting on the Monday `mondayMs`; the week's Thursday fixes its year. */
function isoWeekId(mondayMs: number): string {
  const thursday = new Date(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
