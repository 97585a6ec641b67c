// Where challenge mode may stop, in words: small and apart from the questions (challenge.ts), so that
// the send bar's toggle and the lessons name the stops without loading what asks at them.

/** Where playback may stop: entering br-tun, at a router, at a security group, at NAT. */
export type StopKind = 'br-tun' | 'router' | 'security-group' | 'nat';

/** Where challenge mode stops unless told otherwise: everywhere it can. */
export const DEFAULT_STOPS: StopKind[] = ['br-tun', 'router', 'security-group', 'nat'];

export const STOP_KINDS: { kind: StopKind; label: string }[] = [
  { kind: 'br-tun', label: 'entering br-tun' },
  { kind: 'router', label: 'at the router' },
  { kind: 'security-group', label: 'at the security group' },
  { kind: 'nat', label: 'at NAT' },
];
