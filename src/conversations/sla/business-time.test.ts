import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessHoursProblem } from './business-time.js';

const WEEKDAYS_9_TO_17 = { timeZone: 'Europe/Amsterdam', windows: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })) };
const HOUR = 3_600_000;

describe('business time', () => {
  it('counts only inside the windows: Friday 16:00 + 2 h is Monday 10:00 (Amsterdam, winter time)', () => {
    const friday4pm = Date.parse('2026-11-20T15:00:00Z'); // 16:00 CET
    expect(new Date(addBusinessTime(friday4pm, 2 * HOUR, WEEKDAYS_9_TO_17)).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('starts the clock at opening time when a message comes in at night', () => {
    const tuesday3am = Date.parse('2026-11-24T02:00:00Z');
    expect(new Date(addBusinessTime(tuesday3am, 30 * 60_000, WEEKDAYS_9_TO_17)).toISOString()).toBe('2026-11-24T08:30:00.000Z');
  });

  it('follows daylight saving time: 09:00 in summer is 07:00 UTC', () => {
    const mondayMorningSummer = Date.parse('2026-06-01T05:00:00Z');
    expect(new Date(addBusinessTime(mondayMorningSummer, HOUR, WEEKDAYS_9_TO_17)).toISOString()).toBe('2026-06-01T08:00:00.000Z');
  });

  it('refuses hours that never open, an unknown time zone and backwards windows', () => {
    expect(() => addBusinessTime(0, HOUR, { timeZone: 'UTC', windows: [] })).toThrow(RangeError);
    expect(businessHoursProblem({ timeZone: 'Mars/Olympus', windows: [{ day: 1, start: '09:00', end: '17:00' }] })).toMatch(/time zone/);
    expect(businessHoursProblem({ timeZone: 'UTC', windows: [{ day: 1, start: '17:00', end: '09:00' }] })).toMatch(/end after/);
    expect(businessHoursProblem(WEEKDAYS_9_TO_17)).toBeUndefined();
  });
});
