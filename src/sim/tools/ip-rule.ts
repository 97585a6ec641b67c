// Policy routing as `ip rule` and `ip route show table N` print it: the rules of a namespace (a DVR
// router's: a rule per floating IP to table 16, a rule per subnet to its SNAT table; a fip namespace's
// iif fpr- rules, neutron-facts-beyond §1.5) and the routes of its numbered tables.
import { ruleText } from '../devices/stack/route';
import type { IpRule, StackRoute } from '../realize/dataplane';
import { DEFAULT_RULES } from '../realize/stack';
import { fail, ok, type Place, type ToolResult, text } from './context';

const rulesOf = (place: Place): readonly IpRule[] =>
  place.kind === 'host' ? DEFAULT_RULES : (place.device.stack.rules ?? DEFAULT_RULES);

/** `ip rule [list|show]`: every rule in order of priority. */
export function ipRuleShow(place: Place): ToolResult {
  return ok(text(rulesOf(place).map(ruleText)));
}

/** The routes of a table other than main, in the order `ip route` lists them; null if it is unknown. */
export function tableRoutes(place: Place, table: string): readonly StackRoute[] | null {
  if (table === 'local' || table === 'default') return [];
  if (!/^\d+$/.test(table)) return null;
  if (place.kind === 'host') return [];
  return [...(place.device.stack.tables?.get(Number(table)) ?? [])].sort(
    (a, b) => a.dst.net - b.dst.net || a.dst.prefix - b.dst.prefix,
  );
}

/** `ip route show table N`: iproute2 prints a table's routes with " table N" only for `table all`. */
export function ipRouteShowTable(place: Place, table: string): ToolResult {
  const routes = tableRoutes(place, table);
  if (routes === null) return fail(`Error: argument "${table}" is wrong: table id value is invalid`, 1);
  return ok(text(routes.map((r) => r.text)));
}
