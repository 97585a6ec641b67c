// A flow's actions as `ovs-ofctl -O OpenFlow13 dump-flows` prints them. The OVS agent's native driver
// (os-ken, OpenFlow 1.3) installs instructions: goto_table, push_vlan with set_field on vlan_vid (the
// VLAN-present bit 0x1000 included, so local VLAN 3 is 4099), pop_vlan, set_field on tun_id and on the
// registers. Dumped in OpenFlow 1.0, OVS shows the same flows as resubmit(,N), mod_vlan_vid, strip_vlan
// and load:…->NXM_…[] (the capture of 9506hqwy/openstack_study_notes). The openvswitch firewall's flows
// are written as text with resubmit, and keep it.
import { actionText, type Flow, type FlowAction } from '../devices/openflow/flow';

const hex = (n: number) => `0x${n.toString(16)}`;
const OFPVID_PRESENT = 0x1000;

/** Is the frame untagged where this flow's vlan action runs (so the agent pushes a tag first)? */
function untagged(f: Flow): boolean {
  return f.match.vlan_none === true || f.match.tun_id !== undefined;
}

function action13(a: FlowAction, f: Flow, last: boolean): string {
  switch (a.a) {
    case 'resubmit':
      // the native driver's install_goto: forward only, as an instruction after the actions
      return last && a.table > f.table && !f.fw ? `goto_table:${a.table}` : actionText(a);
    case 'strip_vlan':
      return 'pop_vlan';
    case 'mod_vlan_vid': {
      const set = `set_field:${a.vlan | OFPVID_PRESENT}->vlan_vid`;
      return untagged(f) ? `push_vlan:0x8100,${set}` : set;
    }
    case 'set_tunnel':
      return `set_field:${hex(a.vni)}->tun_id`;
    case 'load_reg':
      return `set_field:${hex(a.value)}->reg${a.reg}`;
    case 'clear_vlan_tci':
      return 'set_field:0->vlan_tci';
    default:
      return actionText(a);
  }
}

/** The `actions=` part of a flow in OpenFlow 1.3. */
export function actions13(f: Flow): string {
  return f.actions.map((a, i) => action13(a, f, i === f.actions.length - 1)).join(',');
}
