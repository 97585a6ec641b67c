// The simulated clock as a date, for the tools that print one (iptables-save's header and footer). The
// clock (SimState.clock, µs) starts at SIM_EPOCH, Monday 7 December 2026 10:00:00 UTC; the hosts keep
// UTC. Computed here without Date: src/sim reads no clock, and this needs none.

/** 2026-12-07T10:00:00Z in seconds since 1970 */
export const SIM_EPOCH_S = daysFromCivil(2026, 12, 7) * 86400 + 10 * 3600;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** ctime(3) of the simulated clock without its newline: "Mon Dec  7 10:00:00 2026". */
export function ctimeOf(clockUs: number): string {
  const t = SIM_EPOCH_S + Math.floor(clockUs / 1_000_000);
  const days = Math.floor(t / 86400);
  const s = t - days * 86400;
  const { y, m, d } = civilFromDays(days);
  // 1970-01-01 was a Thursday
  const wd = DAYS[(((days + 4) % 7) + 7) % 7]!;
  const hms = `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return `${wd} ${MONTHS[m - 1]} ${String(d).padStart(2, ' ')} ${hms} ${y}`;
}
