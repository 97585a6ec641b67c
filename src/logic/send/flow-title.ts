// The words that name a send in the flow list and the event list: "vm1 → vm2 · TCP :80", with what a
// hand-made packet changed ("· src 192.0.2.66, TTL 3, no DF").
import type { SendRequest } from '../../sim';

/** The send form's protocol choices: a DHCP renewal is a DHCP send of its own kind. */
export type Proto = 'icmp' | 'tcp' | 'udp' | 'dhcp' | 'dhcp-renew';

const PROTO_WORD: Record<Proto, string> = {
  icmp: 'ping',
  tcp: 'TCP',
  udp: 'UDP',
  dhcp: 'DHCP',
  'dhcp-renew': 'DHCP renewal',
};

const FLAG_WORDS: Record<string, string> = {
  S: 'SYN',
  A: 'ACK',
  SA: 'SYN-ACK',
  F: 'FIN',
  FA: 'FIN-ACK',
  R: 'RST',
  RA: 'RST-ACK',
};

/** What a hand-made packet set, in words ("src 192.0.2.66, TTL 3"), or '' for an ordinary send. */
export function craftedWords(req: SendRequest): string {
  const parts: string[] = [];
  if (req.src) parts.push(`src ${req.src}`);
  if (req.sport) parts.push(`sport ${req.sport}`);
  if (req.flags && req.flags !== 'S') parts.push(FLAG_WORDS[req.flags] ?? req.flags);
  if (req.ttl !== undefined) parts.push(`TTL ${req.ttl}`);
  if (req.size !== undefined) parts.push(`${req.size} bytes`);
  if (req.df === false) parts.push('no DF');
  return parts.join(', ');
}

export function flowTitle(req: SendRequest): string {
  const p = (req.proto ?? 'icmp') as Proto;
  const what = p === 'tcp' || p === 'udp' ? `${PROTO_WORD[p]} :${req.port}` : PROTO_WORD[p];
  const times = (req.count ?? 1) > 1 ? ` ×${req.count}` : '';
  if (p === 'dhcp') return `${req.from} ${req.dhcp === 'renew' ? 'DHCP renewal' : 'DHCP lease'}${times}`;
  const crafted = craftedWords(req);
  return `${req.from} → ${req.to} · ${what}${times}${crafted ? ` · ${crafted}` : ''}`;
}
