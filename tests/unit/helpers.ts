// Shared test helpers: load an example topology, realize it, send.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  loadTopologyText,
  newSimState,
  realize,
  type SendRequest,
  send,
  type Topology,
  type Trace,
} from '../../src/sim';

export function exampleText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../examples/${name}.json`, import.meta.url)), 'utf8');
}

export function loadExample(name: string): Topology {
  const r = loadTopologyText(exampleText(name));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  return r.topology;
}

/** A cloud ready to send through, keeping its state between sends as the app does. */
export function cloud(topology: Topology) {
  const plane = realize(topology);
  const state = newSimState();
  return {
    topology,
    plane,
    state,
    send(req: SendRequest): Trace {
      const r = send(topology, plane, state, req);
      if (!r.ok) throw new Error(r.error);
      return r.trace;
    },
  };
}

export function hopsOf(trace: Trace, packet: string) {
  return trace.hops.filter((h) => h.packet === packet);
}

export function packetId(trace: Trace, re: RegExp): string {
  const p = trace.packets.find((x) => re.test(x.label));
  if (!p)
    throw new Error(`no packet matching ${re}; packets: ${trace.packets.map((x) => x.label).join(' | ')}`);
  return p.id;
}

/** The example's input with a change applied, loaded (throws on validation errors). */
export function variant(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON freely
  change: (input: any) => void,
): Topology {
  const input = JSON.parse(exampleText(name));
  change(input);
  const r = loadTopologyText(JSON.stringify(input));
  if (!r.ok) throw new Error(`${name} variant: ${JSON.stringify(r.errors)}`);
  return r.topology;
}

/** Device visits of a packet as "device@host", consecutive repeats collapsed. */
export function path(trace: Trace, packet: string): string[] {
  const out: string[] = [];
  for (const h of trace.hops) {
    if (h.packet !== packet) continue;
    const key = `${h.device}@${h.host ?? '-'}`;
    if (out[out.length - 1] !== key) out.push(key);
  }
  return out;
}

export const hex = (ip: string) =>
  ip
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');
