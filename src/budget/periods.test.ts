import { describe, expect, it } from 'vitest';
import { formatInstant, periodWindow } from './periods.js';

const at = (iso: string): number => Date.parse(iso);
const window = (period: 'daily' | 'weekly' | 'monthly', iso: string) => {
  const w = periodWindow(period, at(iso));
  return { id: w.id, start: formatInstant(w.start), resetsAt: formatInstant(w.resetsAt) };
};

describe('budget windows (UTC)', () => {
  it('a day runs from UTC midnight to the next', () => {
    expect(window('daily', '2026-12-01T23:59:59.999Z')).toEqual({ id: '2026-12-01', start: '2026-12-01T00:00:00Z', resetsAt: '2026-12-02T00:00:00Z' });
    expect(window('daily', '2026-12-31T12:00:00Z').resetsAt).toBe('2027-01-01T00:00:00Z');
  });

  it('a week is the ISO week, Monday to Monday, named by the year of its Thursday', () => {
    expect(window('weekly', '2026-12-01T10:00:00Z')).toEqual({ id: '2026-W49', start: '2026-11-30T00:00:00Z', resetsAt: '2026-12-07T00:00:00Z' });
    expect(window('weekly', '2026-12-06T23:00:00Z').id).toBe('2026-W49'); // Sunday
    expect(window('weekly', '2021-01-03T00:00:00Z').id).toBe('2020-W53'); // Sunday belongs to 2020's last week
    expect(window('weekly', '2024-12-30T00:00:00Z').id).toBe('2025-W01'); // Monday already in 2025's first week
  });

  it('a month is the calendar month, leap years included', () => {
    expect(window('monthly', '2028-02-29T08:00:00Z')).toEqual({ id: '2028-02', start: '2028-02-01T00:00:00Z', resetsAt: '2028-03-01T00:00:00Z' });
    expect(window('monthly', '2026-12-15T00:00:00Z').resetsAt).toBe('2027-01-01T00:00:00Z');
  });
});
