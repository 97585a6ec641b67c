// The Drift tab: what the user pasted or dropped for one host, and what the comparison with the model
// found (the worker runs src/drift beside the cloud's Dataplane). The devices of the difference picked
// are marked on the canvas. Nothing here leaves the browser, and nothing is saved.
import { create } from 'zustand';
import type { Difference, DriftResult, HostOutputs } from '../drift';
import { simClient } from './sim-client';

export const DRIFT_FIELDS = [
  { key: 'vsctlShow', label: 'ovs-vsctl show' },
  { key: 'brInt', label: 'ovs-ofctl dump-flows br-int' },
  { key: 'brTun', label: 'ovs-ofctl dump-flows br-tun' },
  { key: 'brEx', label: 'ovs-ofctl dump-flows br-ex' },
  { key: 'netns', label: 'ip netns' },
  { key: 'ipAddr', label: 'ip netns exec qrouter-… ip addr' },
  { key: 'ipRoute', label: 'ip netns exec qrouter-… ip route' },
  { key: 'iptablesSave', label: 'ip netns exec qrouter-… iptables-save' },
] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number]['key'];

interface DriftState {
  host: string;
  /** the qrouter namespace the last three outputs come from ('' : the host's only one) */
  namespace: string;
  fields: Record<DriftField, string>;
  busy: boolean;
  result: DriftResult | null;
  /** the difference picked, whose devices are marked */
  picked: number | null;
  marked: ReadonlySet<string>;
  setHost(host: string): void;
  setNamespace(ns: string): void;
  setField(key: DriftField, text: string): void;
  /** files dropped: each goes to the field its name says (see docs/import.md) */
  dropFiles(files: readonly { name: string; text: string }[]): Promise<string[]>;
  run(): Promise<void>;
  pick(i: number | null): void;
  clear(): void;
}

const empty = (): Record<DriftField, string> => ({
  vsctlShow: '',
  brInt: '',
  brTun: '',
  brEx: '',
  netns: '',
  ipAddr: '',
  ipRoute: '',
  iptablesSave: '',
});

export function outputsOf(s: Pick<DriftState, 'fields' | 'namespace'>): HostOutputs {
  const f = s.fields;
  const flows: Record<string, string> = {};
  if (f.brInt.trim()) flows['br-int'] = f.brInt;
  if (f.brTun.trim()) flows['br-tun'] = f.brTun;
  if (f.brEx.trim()) flows['br-ex'] = f.brEx;
  const ns = { ipAddr: f.ipAddr, ipRoute: f.ipRoute, iptablesSave: f.iptablesSave };
  const any = Object.values(ns).some((t) => t.trim());
  return {
    ...(f.vsctlShow.trim() ? { vsctlShow: f.vsctlShow } : {}),
    ...(f.netns.trim() ? { netns: f.netns } : {}),
    flows,
    namespaces: any ? { [s.namespace]: ns } : {},
  };
}

const NONE: ReadonlySet<string> = new Set();

export const useDrift = create<DriftState>()((set, get) => ({
  host: '',
  namespace: '',
  fields: empty(),
  busy: false,
  result: null,
  picked: null,
  marked: NONE,
  setHost: (host) => set({ host, namespace: '', result: null, picked: null, marked: NONE }),
  setNamespace: (namespace) => set({ namespace }),
  setField: (key, text) => set((s) => ({ fields: { ...s.fields, [key]: text } })),
  async dropFiles(files) {
    const { outputsFromFiles } = await import('../drift');
    const { outputs, unknown } = outputsFromFiles(files);
    const fields = { ...get().fields };
    if (outputs.vsctlShow !== undefined) fields.vsctlShow = outputs.vsctlShow;
    if (outputs.netns !== undefined) fields.netns = outputs.netns;
    if (outputs.flows['br-int'] !== undefined) fields.brInt = outputs.flows['br-int'];
    if (outputs.flows['br-tun'] !== undefined) fields.brTun = outputs.flows['br-tun'];
    if (outputs.flows['br-ex'] !== undefined) fields.brEx = outputs.flows['br-ex'];
    const [ns, o] = Object.entries(outputs.namespaces)[0] ?? ['', {}];
    if (o.ipAddr !== undefined) fields.ipAddr = o.ipAddr;
    if (o.ipRoute !== undefined) fields.ipRoute = o.ipRoute;
    if (o.iptablesSave !== undefined) fields.iptablesSave = o.iptablesSave;
    set({ fields, ...(ns ? { namespace: ns } : {}) });
    return unknown;
  },
  async run() {
    const s = get();
    if (!s.host) return;
    set({ busy: true });
    try {
      const result = await simClient().call('drift', s.host, outputsOf(s));
      set({ result, busy: false, picked: null, marked: result.ok ? allDevices(result.differences) : NONE });
    } catch (e) {
      set({ result: { ok: false, error: (e as Error).message }, busy: false, marked: NONE });
    }
  },
  pick(i) {
    const r = get().result;
    if (!r?.ok) return;
    const d = i === null ? null : r.differences[i];
    set({ picked: i, marked: d ? new Set(d.devices) : allDevices(r.differences) });
  },
  clear: () => set({ fields: empty(), result: null, picked: null, marked: NONE }),
}));

function allDevices(ds: readonly Difference[]): ReadonlySet<string> {
  return new Set(ds.flatMap((d) => d.devices));
}
