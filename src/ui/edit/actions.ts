// What a drop from the palette, a connection between two nodes or a deletion means, in store edits.
// Each is one undoable step; a refusal is said in a notice and changes nothing.
import type { Connection } from '@xyflow/react';
import type { Topology, TopologyError } from '../../sim';
import { type EditOp, type Selection, useApp } from '../../store/app-store';
import { deleteTarget, type EditTarget, impactOf, targetLabel } from '../../store/edit-delete';
import {
  addFloatingIp,
  addHost,
  addNetwork,
  addProject,
  addRouter,
  addServer,
  associateFip,
  attachRouter,
  attachServer,
  leastLoadedCompute,
  moveServer,
  projectFor,
  routerJoinNote,
} from '../../store/edit-ops';
import { useEditUi } from '../../store/edit-ui-store';
import type { CanvasNodeRef } from '../canvas/interaction';
import { capital, errorSentence } from './text';

/** What the palette offers, in the order shown. */
export const PALETTE = [
  { kind: 'compute-host', label: 'Compute host', icon: '▤', hint: 'runs VMs' },
  { kind: 'network-host', label: 'Network host', icon: '▥', hint: 'runs routers and DHCP' },
  { kind: 'project', label: 'Project', icon: '◫', hint: 'a tenant' },
  { kind: 'network', label: 'Network', icon: '┃', hint: 'with its first subnet' },
  { kind: 'router', label: 'Router', icon: '⇄', hint: 'joins networks' },
  { kind: 'vm', label: 'VM', icon: '▣', hint: 'drop on a compute host' },
  { kind: 'external-network', label: 'External network', icon: '┇', hint: 'the way out' },
  { kind: 'floating-ip', label: 'Floating IP', icon: '◉', hint: 'drop on a VM' },
] as const;

export type PaletteKind = (typeof PALETTE)[number]['kind'];

/** The drag payload that moves a VM to another host (physical view). */
export const MOVE_VM = 'move-vm:';

const say = (tone: 'info' | 'error', text: string) => useApp.getState().notify(tone, text);

/** Runs an edit; says why when refused. Resolves to whether it was made. */
export async function run(label: string, op: EditOp): Promise<boolean> {
  const errors = await useApp.getState().edit(label, op);
  if (errors) say('error', refusalText(errors));
  return !errors;
}

export function refusalText(errors: TopologyError[]): string {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `Not changed: ${errorSentence(errors[0]!)}${more}`;
}

/**
 * Runs an edit that gives a router an interface (the op returns the subnet, null for a gateway), and
 * says where the router joined when another router holds the subnet's gateway IP.
 */
export async function runJoin(label: string, routerId: () => string, op: (t: Topology) => string | null) {
  let subnet: string | null = null;
  const made = await run(label, (t) => {
    subnet = op(t);
    return { kind: 'router', id: routerId() };
  });
  const doc = useApp.getState().doc;
  const note = made && subnet && doc ? routerJoinNote(doc, routerId(), subnet) : null;
  if (note) say('info', note);
  return made;
}

const project = (t: Topology) => projectFor(t, useApp.getState().editProject);
const named = (list: { id: string; name: string }[], id: string) =>
  list.find((x) => x.id === id)?.name ?? '?';

/** A palette item dropped on the canvas, or a VM dragged onto another host. */
export async function dropOnCanvas(
  payload: string,
  onto: CanvasNodeRef | null,
  view: 'physical' | 'logical',
) {
  const doc = useApp.getState().doc;
  if (!doc) return;
  const target = ontoResource(onto);
  const host = hostOf(onto);
  if (payload.startsWith(MOVE_VM)) {
    const serverId = payload.slice(MOVE_VM.length);
    if (!host) return;
    const name = named(doc.servers, serverId);
    await run(`move ${name} to ${host}`, (t) => {
      moveServer(t, serverId, host);
      return { kind: 'server', id: serverId };
    });
    return;
  }
  switch (payload as PaletteKind) {
    case 'compute-host':
    case 'network-host': {
      const role = payload === 'compute-host' ? 'compute' : 'network';
      await run(`add a ${role} host`, (t) => ({ kind: 'host', id: addHost(t, role) }));
      return;
    }
    case 'project': {
      let id = '';
      const made = await run('add a project', (t) => {
        id = addProject(t);
      });
      if (made) {
        useApp.getState().setEditProject(id);
        say('info', `New resources now go to ${named(useApp.getState().doc!.projects, id)}.`);
      }
      return;
    }
    case 'network':
    case 'external-network': {
      const external = payload === 'external-network';
      await run(`add ${external ? 'an external' : 'a'} network`, (t) => {
        const id = addNetwork(t, project(t), external);
        if (target?.kind === 'router') attachRouter(t, target.id, id);
        return { kind: 'network', id };
      });
      return;
    }
    case 'router': {
      let id = '';
      await runJoin(
        'add a router',
        () => id,
        (t) => {
          id = addRouter(t, project(t));
          return target?.kind === 'network' ? attachRouter(t, id, target.id) : null;
        },
      );
      return;
    }
    case 'vm': {
      if (view === 'physical' && !host) {
        say('error', 'Drop the VM onto a compute host: that is where it will run.');
        return;
      }
      let where = '';
      const ok = await run('add a VM', (t) => {
        where = host ?? leastLoadedCompute(t);
        const id = addServer(t, project(t), where, target?.kind === 'network' ? target.id : null);
        return { kind: 'server', id };
      });
      if (ok && view === 'physical' && !toldToConnect) {
        toldToConnect = true;
        say('info', `The VM runs on ${where}. Connect it to a network in the Logical view, or in its form.`);
      }
      return;
    }
    case 'floating-ip':
      await run('add a floating IP', (t) => {
        const id = addFloatingIp(t, project(t), target?.kind === 'server' ? target.id : null);
        return { kind: 'floatingip', id };
      });
      return;
  }
}

/** A palette item clicked rather than dragged: added onto what is selected, where that makes sense. */
export async function addFromPalette(kind: PaletteKind): Promise<void> {
  const { selection, view } = useApp.getState();
  let onto: CanvasNodeRef | null = null;
  if (selection?.kind === 'host')
    onto = { id: `host:${selection.id}`, view: 'physical', what: 'host', resourceId: selection.id };
  else if (selection?.kind === 'network' || selection?.kind === 'router' || selection?.kind === 'server')
    onto = { id: selection.id, view: 'logical', what: selection.kind, resourceId: selection.id };
  else if (selection?.kind === 'device') {
    const d = view?.devices.find((x) => x.id === selection.id);
    if (d) onto = { id: d.id, view: 'physical', what: d.role, resourceId: d.serverId ?? d.routerId ?? null };
  }
  // a VM clicked while a host is selected goes there; otherwise to the least loaded compute host
  await dropOnCanvas(kind, onto, 'logical');
}

/** The hint after the first VM dropped in the physical view is given once. */
let toldToConnect = false;

/**
 * The host a node is on (or is): a device's host, a host's own NIC; in the logical view, a server's host,
 * so that a VM dropped on another one runs beside it.
 */
function hostOf(n: CanvasNodeRef | null): string | null {
  if (!n) return null;
  if (n.what === 'host' || n.what === 'nic') return n.resourceId;
  const { view, doc } = useApp.getState();
  if (n.view === 'logical')
    return n.what === 'server' ? (doc?.servers.find((s) => s.id === n.resourceId)?.host ?? null) : null;
  return view?.devices.find((d) => d.id === n.id)?.host ?? null;
}

/** The resource a canvas node stands for, in the terms edits use. */
function ontoResource(
  n: CanvasNodeRef | null,
): { kind: 'host' | 'network' | 'router' | 'server'; id: string } | null {
  if (!n?.resourceId) return null;
  if (n.what === 'host') return { kind: 'host', id: n.resourceId };
  if (n.what === 'network') return { kind: 'network', id: n.resourceId };
  if (n.what === 'router' || n.what === 'qrouter') return { kind: 'router', id: n.resourceId };
  if (n.what === 'server' || n.what === 'vm') return { kind: 'server', id: n.resourceId };
  return null;
}

/** A logical-view node id ("net:<id>", "server:<id>"...) as a resource. */
function parseNode(id: string | null): { kind: string; id: string } | null {
  const m = /^(net|router|server|fip|upstream|outside):(.*)$/.exec(id ?? '');
  return m ? { kind: m[1]!, id: m[2]! } : null;
}

/** A connection dragged between two nodes of the logical view. */
export async function connectNodes(c: Connection): Promise<void> {
  const a = parseNode(c.source);
  const b = parseNode(c.target);
  const doc = useApp.getState().doc;
  if (!a || !b || !doc || c.source === c.target) return;
  const pair = (x: string, y: string) =>
    a.kind === x && b.kind === y ? [a.id, b.id] : b.kind === x && a.kind === y ? [b.id, a.id] : null;
  let p = pair('server', 'net');
  if (p) {
    const [s, n] = p as [string, string];
    await run(`connect ${named(doc.servers, s)} to ${named(doc.networks, n)}`, (t) => {
      attachServer(t, s, n);
      return { kind: 'server', id: s };
    });
    return;
  }
  p = pair('router', 'net');
  if (p) {
    const [r, n] = p as [string, string];
    const external = doc.networks.find((x) => x.id === n)?.['router:external'];
    await runJoin(
      `${external ? 'set the gateway of' : 'connect'} ${named(doc.routers, r)} to ${named(doc.networks, n)}`,
      () => r,
      (t) => attachRouter(t, r, n),
    );
    return;
  }
  p = pair('fip', 'server');
  if (p) {
    const [f, s] = p as [string, string];
    await run(`associate a floating IP with ${named(doc.servers, s)}`, (t) => {
      associateFip(t, f, s);
      return { kind: 'server', id: s };
    });
    return;
  }
  say('error', connectHelp(a.kind, b.kind));
}

function connectHelp(a: string, b: string): string {
  const k = new Set([a, b]);
  if (k.has('upstream') || k.has('outside'))
    return 'The world outside is fixed: connect a router to the external network to reach it.';
  if (k.has('net') && k.size === 1)
    return 'Two networks are joined by a router: connect each one to a router.';
  if (k.has('fip')) return 'A floating IP connects to a VM (one with a port on a network behind a router).';
  if (k.has('router') && k.has('server'))
    return 'A VM and a router meet on a network: connect both to the same network.';
  return 'These cannot be connected. Connect a VM or a router to a network, or a floating IP to a VM.';
}

/** The resource behind a selection, or why it cannot be deleted. */
export function targetOf(sel: Selection): EditTarget | string {
  const { doc, view } = useApp.getState();
  if (!sel || !doc || !view) return 'Select something to delete first.';
  switch (sel.kind) {
    case 'host':
    case 'network':
    case 'subnet':
    case 'router':
    case 'server':
    case 'floatingip':
      return { kind: sel.kind, id: sel.id };
    case 'tunnel':
      return 'The OVS agents build tunnels: they go when no port on a shared network is left, or with a host.';
    case 'device': {
      const d = view.devices.find((x) => x.id === sel.id);
      if (!d) return 'It is gone already.';
      if (d.serverId) return { kind: 'server', id: d.serverId };
      if (d.routerId) return { kind: 'router', id: d.routerId };
      if (d.portId) return { kind: 'port', id: d.portId };
      if (d.role === 'qdhcp')
        return 'The DHCP agent made this namespace: turn DHCP off on the subnets of its network instead.';
      if (d.host) return `The OVS agent built ${d.name}: it goes only with its host.`;
      return `${d.name} is part of the world outside: it goes with its external network.`;
    }
  }
}

/** Deletes, after explaining what else goes (when anything does). */
export async function requestDelete(target: EditTarget | string): Promise<void> {
  const doc = useApp.getState().doc;
  if (typeof target === 'string' || !doc) {
    if (typeof target === 'string') say('info', target);
    return;
  }
  const impact = impactOf(doc, target);
  if (impact.refused) say('error', `${capital(impact.what)} was not deleted: ${impact.refused}.`);
  else if (impact.also.length) useEditUi.getState().askDelete(target, impact);
  else await confirmDelete(target);
}

export async function confirmDelete(target: EditTarget): Promise<void> {
  const what = targetLabel(useApp.getState().doc!, target);
  useEditUi.getState().close();
  if (await run(`delete ${what}`, (t) => void deleteTarget(t, target)))
    say('info', `Deleted ${what}. Undo with Ctrl+Z.`);
}
