// One difference between a real host and what the model says its agents built there.

export interface Difference {
  /** missing: the model has it, the host not; unexpected: the other way; changed: both, otherwise;
   * unreadable: a line of the output that could not be read */
  readonly kind: 'missing' | 'unexpected' | 'changed' | 'unreadable';
  /** the device it is on: a bridge, a namespace, or "namespaces" for `ip netns` */
  readonly where: string;
  /** what differs, e.g. "br-tun has no flood flow for VNI 1042" */
  readonly found: string;
  /** what follows for the traffic, e.g. "broadcasts from net12's VMs on compute3 reach no other host" */
  readonly consequence: string;
  /** the devices of the model it concerns, to mark on the canvas */
  readonly devices: readonly string[];
  /** the output it was found in, e.g. "ovs-ofctl dump-flows br-tun" */
  readonly source: string;
  /** the line of that output, from 1, when the host printed it */
  readonly line?: number;
}

/** `compute3 br-tun has no flood flow for VNI 1042: broadcasts from net12's VMs on compute3 reach no other host` */
export function differenceText(host: string, d: Difference): string {
  const at = d.line !== undefined ? ` [${d.source}, line ${d.line}]` : ` [${d.source}]`;
  return `${host} ${d.found}: ${d.consequence}${at}`;
}
