// Which devices a lesson step's text talks about. A teacher reads "qvo sits on br-int" and looks for
// qvo and br-int on the canvas; the step must show them (tests/unit/lessons.test.ts). This is the
// vocabulary of those words: each word or phrase, and the devices that answer to it.
import type { DeviceView, Topology } from '../sim';

/** A device the text names, by a word of the vocabulary or by a resource's name. */
export interface Mention {
  /** how the checker and a step's `unlit` call it: "br-int", "qdhcp", "vm1", "router1" */
  key: string;
  /** the words of the text that name it, with some text around them */
  quote: string;
  /** what a shown device must be for the mention to be shown; all of them must be (a patch port
   * needs both of its bridges) */
  needs: ((d: DeviceView) => boolean)[];
}

const role =
  (...roles: DeviceView['role'][]) =>
  (d: DeviceView) =>
    roles.includes(d.role);
const prefix = (p: string) => (d: DeviceView) => d.name.startsWith(p);

interface Word {
  key: string;
  re: RegExp;
  needs: ((d: DeviceView) => boolean)[];
}

// A name is not part of a longer name: "br-ex" in "int-br-ex" is the patch port, not the bridge.
const NOT_IN_NAME = '(?<![\\w-])';
/** A VIF device's prefix, alone ("the qvo") or with its port id ("qvodc854393-84"). */
const vif = (p: string, or = '') =>
  new RegExp(`${NOT_IN_NAME}${p}(?:[0-9a-f]{8}-[0-9a-f]{2})?(?![\\w-])${or ? `|${or}` : ''}`, 'i');

/** A namespace port's prefix ending in a dash, alone or with its port id (`sg-`, `sg-c7d8d986-16`). */
const vifDash = (p: string) => new RegExp(`${NOT_IN_NAME}${p}(?:[0-9a-f]{8}-[0-9a-f]{2})?(?![\\w-])`, 'i');

/** The device kinds a text can name, with the phrases lessons use for them. */
export const VOCABULARY: readonly Word[] = [
  // the tap of a VM (nova-vif) or of a qdhcp namespace: both are named tap + port id
  { key: 'tap', re: vif('tap'), needs: [prefix('tap')] },
  { key: 'qbr', re: vif('qbr', '\\blinux bridges?\\b'), needs: [role('qbr')] },
  { key: 'qvb', re: vif('qvb'), needs: [role('qvb')] },
  { key: 'qvo', re: vif('qvo'), needs: [role('qvo')] },
  { key: 'veth', re: /\bveth\b/i, needs: [role('qvb', 'qvo')] },
  {
    key: 'br-int',
    re: new RegExp(`${NOT_IN_NAME}br-int\\b|\\bintegration bridge`, 'i'),
    needs: [role('br-int')],
  },
  {
    key: 'br-tun',
    re: new RegExp(`${NOT_IN_NAME}br-tun\\b|\\btunnel bridge`, 'i'),
    needs: [role('br-tun')],
  },
  {
    key: 'br-ex',
    re: new RegExp(`${NOT_IN_NAME}br-ex\\b|\\bprovider bridge`, 'i'),
    needs: [role('br-phys')],
  },
  // patch ports are ports of the bridges they join: the bridges show them
  { key: 'int-br-ex', re: /\b(?:int|phy)-br-ex\b/i, needs: [role('br-int'), role('br-phys')] },
  { key: 'patch-tun', re: /\bpatch-(?:tun|int)\b/i, needs: [role('br-int'), role('br-tun')] },
  {
    key: 'vxlan port',
    re: /\bvxlan(?:[ -]ports?\b|-[0-9a-f*])|\btunnel ports?\b/i,
    needs: [role('vxlan')],
  },
  { key: 'qr-', re: /(?<![\w-])qr-/i, needs: [prefix('qr-')] },
  { key: 'qg-', re: /(?<![\w-])qg-/i, needs: [prefix('qg-')] },
  { key: 'qrouter', re: /(?<![\w-])qrouter\b|\brouter namespace/i, needs: [role('qrouter')] },
  { key: 'qdhcp', re: /(?<![\w-])qdhcp\b|\bdhcp namespace|\bdnsmasq\b/i, needs: [role('qdhcp')] },
  // DVR (neutron-facts-beyond §1): the snat and fip namespaces, their ports, and the rfp-/fpr- veth
  // between a router namespace and the fip namespace (no device of its own: both namespaces show it)
  { key: 'snat', re: /(?<![\w-])snat-|\bsnat namespace/i, needs: [role('snat')] },
  { key: 'fip', re: /(?<![\w-])fip-|\bfip namespace|\bfloating IP namespace/i, needs: [role('fip')] },
  // the bare prefix ("the sg- port") or with the port id: not the sg-fallback chain of iptables
  { key: 'sg-', re: vifDash('sg-'), needs: [prefix('sg-')] },
  { key: 'fg-', re: vifDash('fg-'), needs: [prefix('fg-')] },
  { key: 'rfp-', re: /(?<![\w-])(?:rfp|fpr)-/i, needs: [role('qrouter'), role('fip')] },
  { key: 'ovnmeta', re: /(?<![\w-])ovnmeta\b|\bmetadata namespace/i, needs: [role('ovnmeta')] },
  { key: 'upstream router', re: /\bupstream router\b/i, needs: [role('upstream')] },
  { key: 'provider network', re: /\bprovider network\b/i, needs: [role('provider')] },
  { key: 'provider interface', re: /\bprovider interface\b/i, needs: [role('provider', 'br-phys')] },
  { key: 'underlay', re: /\bunderlay\b/i, needs: [role('underlay')] },
];

/** The resources a text may name, from the lesson's cloud. */
export interface Names {
  /** server name -> its id (a server is drawn as its VM) */
  servers: ReadonlyMap<string, string>;
  /** router name -> its id (a router is its qrouter namespace) */
  routers: ReadonlyMap<string, string>;
  /** outside host names (the internet host) */
  outside: readonly string[];
  /** the provider bridges of the cloud's bridge_mappings other than br-ex ("br-provider") */
  bridges: readonly string[];
  /** the names the cloud gives its upstream routers ("physical-router") */
  upstreams: readonly string[];
}

export function namesOf(t: Topology): Names {
  return {
    servers: new Map(t.servers.map((s) => [s.name, s.id])),
    routers: new Map(t.routers.map((r) => [r.name, r.id])),
    outside: t.outside.flatMap((w) => w.hosts.map((h) => h.name)),
    bridges: [...new Set(t.options.bridge_mappings.map((m) => m.bridge).filter((b) => b !== 'br-ex'))],
    upstreams: [...new Set(t.outside.map((w) => w.gateway.name))],
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A resource's name as a whole word: vm1 is not in vm10. */
const wholeWord = (name: string) => new RegExp(`${NOT_IN_NAME}${escapeRe(name)}(?![\\w-])`, 'i');

/** A provider bridge named by bridge_mappings, as br-ex is: the bridge by its name, and the patch
 * ports int-<bridge> and phy-<bridge> that join it to br-int (neutron-facts-beyond §5.1). */
function bridgeWords(bridge: string): Word[] {
  const named = (d: DeviceView) => d.role === 'br-phys' && d.name === bridge;
  return [
    { key: bridge, re: wholeWord(bridge), needs: [named] },
    {
      key: `int-${bridge}`,
      re: new RegExp(`${NOT_IN_NAME}(?:int|phy)-${escapeRe(bridge)}(?![\\w-])`, 'i'),
      needs: [role('br-int'), named],
    },
  ];
}

function quoteAt(text: string, at: number, len: number): string {
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 24)) + 1);
  const endSpace = text.indexOf(' ', Math.min(text.length, at + len + 24));
  const end = endSpace < 0 ? text.length : endSpace;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** Every device the text names, once per key, in the order it first names them. */
export function mentionsIn(text: string, names: Names): Mention[] {
  const words: Word[] = [
    ...VOCABULARY,
    ...names.bridges.flatMap(bridgeWords),
    // an upstream router named by its name is the upstream router (one mention, whichever comes first)
    ...names.upstreams.map((name) => ({
      key: 'upstream router',
      re: wholeWord(name),
      needs: [(d: DeviceView) => d.role === 'upstream' && d.name === name],
    })),
    ...[...names.servers].map(([name, id]) => ({
      key: name,
      re: wholeWord(name),
      needs: [(d: DeviceView) => d.role === 'vm' && d.serverId === id],
    })),
    ...[...names.routers].map(([name, id]) => ({
      key: name,
      re: wholeWord(name),
      needs: [(d: DeviceView) => d.role === 'qrouter' && d.routerId === id],
    })),
    ...names.outside.map((name) => ({
      key: name,
      re: wholeWord(name),
      needs: [(d: DeviceView) => d.role === 'outside-host' && d.name === name],
    })),
  ];
  const found: { at: number; m: Mention }[] = [];
  for (const w of words) {
    if (found.some((f) => f.m.key === w.key)) continue;
    const hit = w.re.exec(text);
    if (hit)
      found.push({
        at: hit.index,
        m: { key: w.key, quote: quoteAt(text, hit.index, hit[0].length), needs: w.needs },
      });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.m);
}

/** Does a device answer to a mention (to one of its needs)? */
export const answers = (m: Mention, d: DeviceView): boolean => m.needs.some((n) => n(d));
