// A port range as the bitwise matches OpenFlow can express (neutron/common/utils.py
// `port_rule_masking`): [40, 105] becomes 0x30/0xfff0, 0x28/0xfff8, 0x40/0xffe0, 0x60/0xfff8, 0x68/0xfffe. The
// openvswitch firewall writes one flow per block (rules.py `create_port_range_flows`).

/** One block of ports: `value/mask`, or the single port `value` when mask is null. */
export interface PortBlock {
  readonly value: number;
  readonly mask: number | null;
}

/** `dontCare` holds the low bits left free (neutron's `mask` argument of _hex_format). */
const block = (port: number, dontCare: number): PortBlock =>
  dontCare > 0 ? { value: port & ~dontCare & 0xffff, mask: 0xffff & ~dontCare } : { value: port, mask: null };

/** [port_min, port_min | (top_bit - 1)] (`_gen_rules_port_min`). */
function fromMin(portMin: number, topBit: number): PortBlock[] {
  const out: PortBlock[] = [];
  let top = topBit;
  let mask = top - 1;
  for (;;) {
    if ((portMin & mask) === 0) {
      out.push(block(portMin, mask));
      break;
    }
    top >>= 1;
    mask >>= 1;
    if ((portMin & top) === 0) out.push(block((portMin & ~mask) | top, mask));
  }
  return out;
}

/** [port_max & ~(top_bit - 1), port_max] (`_gen_rules_port_max`). */
function toMax(portMax: number, topBit: number): PortBlock[] {
  const out: PortBlock[] = [];
  let top = topBit;
  let mask = top - 1;
  for (;;) {
    if ((portMax & mask) === mask) {
      out.push(block(portMax & ~mask, mask));
      break;
    }
    top >>= 1;
    mask >>= 1;
    if ((portMax & top) === top) out.push(block(portMax & ~mask & ~top, mask));
  }
  return out;
}

export function portRuleMasking(portMin: number, portMax: number): PortBlock[] {
  if (portMax < portMin)
    throw new Error(`port range ${portMin}-${portMax}: the maximum is below the minimum`);
  const bitdiff = portMin ^ portMax;
  if (bitdiff === 0) return [{ value: portMin, mask: null }];
  let top = 1;
  while (top <= bitdiff) top <<= 1;
  // a range of 2^k ports aligned on 2^k is one block
  if ((portMin & (top - 1)) === 0 && (portMax & (top - 1)) === top - 1) return [block(portMin, top - 1)];
  top >>= 1;
  return [...fromMin(portMin, top), ...toMax(portMax, top)];
}
