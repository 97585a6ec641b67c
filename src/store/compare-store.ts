// The compare view: one send, the router types and backends to see it under, and what came back. The
// worker runs each variant on a copy of the cloud with a fresh state (src/sim/compare), so comparing
// never changes the cloud, its undo history or what its devices learned.
import { create } from 'zustand';
import type { Backend, RouterFlavour, SendRequest, Variant, VariantOutcome } from '../sim';
import { useApp } from './app-store';
import { usePlayback } from './playback-store';
import { simClient } from './sim-client';

export type CompareProto = 'icmp' | 'tcp' | 'udp';

export interface CompareRun {
  req: SendRequest;
  outcomes: VariantOutcome[];
}

interface CompareState {
  open: boolean;
  from: string;
  to: string;
  proto: CompareProto;
  port: number;
  /** the router types chosen (every router of the copy gets it); none: as the cloud has them */
  routers: RouterFlavour[];
  /** the backends chosen; none: the cloud's own */
  backends: Backend[];
  busy: boolean;
  run: CompareRun | null;
  error: string | null;

  /** opens the view, with the send form's source and destination when it has them */
  show(): void;
  close(): void;
  setForm(f: Partial<Pick<CompareState, 'from' | 'to' | 'proto' | 'port'>>): void;
  toggleRouter(f: RouterFlavour): void;
  toggleBackend(b: Backend): void;
  /** runs the send under every variant chosen */
  compare(): Promise<void>;
}

/** The variants chosen: every router type with every backend (an empty list keeps the cloud's). */
export function variantsOf(routers: readonly RouterFlavour[], backends: readonly Backend[]): Variant[] {
  const rs = routers.length ? routers : [null];
  const bs = backends.length ? backends : [null];
  return bs.flatMap((backend) => rs.map((r) => ({ backend, routers: r })));
}

const toggle = <T>(list: readonly T[], x: T, order: readonly T[]): T[] =>
  list.includes(x) ? list.filter((y) => y !== x) : order.filter((y) => y === x || list.includes(y));

const FLAVOURS: RouterFlavour[] = ['legacy', 'dvr', 'ha', 'dvr-ha'];
const BACKENDS: Backend[] = ['ovs-hybrid', 'ovs-firewall', 'ovn'];

export const useCompare = create<CompareState>()((set, get) => ({
  open: false,
  from: '',
  to: '',
  proto: 'icmp',
  port: 22,
  routers: ['legacy', 'dvr', 'ha'],
  backends: [],
  busy: false,
  run: null,
  error: null,

  show() {
    const p = usePlayback.getState();
    const doc = useApp.getState().doc;
    const servers = doc?.servers.map((s) => s.name) ?? [];
    const l4 = p.proto === 'tcp' || p.proto === 'udp';
    const dhcp = p.proto === 'dhcp' || p.proto === 'dhcp-renew';
    // the send form's send when it has one; else the last one compared; else the first two VMs
    set((s) => ({
      open: true,
      from: p.from || s.from || servers[0] || '',
      to: (dhcp ? '' : p.to) || s.to || servers[1] || '',
      ...(p.from && !dhcp ? { proto: p.proto as CompareProto, port: l4 ? p.port : s.port } : {}),
    }));
  },
  close: () => set({ open: false }),
  setForm: (f) => set(f),
  toggleRouter: (f) => set((s) => ({ routers: toggle(s.routers, f, FLAVOURS) })),
  toggleBackend: (b) => set((s) => ({ backends: toggle(s.backends, b, BACKENDS) })),

  async compare() {
    const { from, to, proto, port, routers, backends } = get();
    if (!from || !to) {
      set({ error: 'Choose where the send goes from and to.' });
      return;
    }
    const req: SendRequest = { from, to, proto, ...(proto === 'icmp' ? {} : { port }) };
    set({ busy: true, error: null });
    try {
      const r = await simClient().call('compare', req, variantsOf(routers, backends));
      set(r.ok ? { run: { req, outcomes: r.outcomes } } : { error: r.error });
    } catch (e) {
      set({ error: `The comparison was not made: ${(e as Error).message}` });
    } finally {
      set({ busy: false });
    }
  },
}));
