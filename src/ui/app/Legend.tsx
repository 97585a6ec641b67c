// What the shapes and colours mean: the networks' colours always in view, the device kinds on demand.
import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { networkColor, networkDash } from '../canvas/palette';

const KINDS: [string, string][] = [
  ['vm', 'VM (its ▾/▸ button shows or folds its chain)'],
  ['tap', 'tap device'],
  ['qbr', 'Linux bridge qbr (security groups)'],
  ['qvo', 'veth end (qvb on qbr, qvo on br-int)'],
  ['br-int', 'Open vSwitch bridge'],
  ['qrouter', 'namespace (qrouter, qdhcp, snat, fip)'],
  ['ns-port', 'OVS internal port (qr-, qg-, DHCP tap)'],
  ['vxlan', 'VXLAN tunnel port'],
  ['chip', 'patch port or NIC on a bridge (patch-tun, int-br-ex, eth1)'],
  ['nic', 'host NIC holding the tunnel IP (eth0)'],
];

/** kinds drawn as something other than a device box */
const SWATCH: Record<string, string> = { chip: 'legend__swatch--chip', nic: 'legend__swatch--nic' };

const NONE: never[] = [];

/** Networks named in the legend before it says how many more there are: a cloud of 200 networks
 * would cover the canvas with its colour key (the palette repeats long before that anyway). */
const NETS_SHOWN = 8;

export function Legend() {
  const networks = useApp((s) => s.view?.networks ?? NONE);
  const [open, setOpen] = useState(false);
  const [allNets, setAllNets] = useState(false);
  const shown = allNets ? networks : networks.slice(0, NETS_SHOWN);
  const more = networks.length - NETS_SHOWN;
  return (
    <div className={`legend${open ? ' is-open' : ''}`} title="Legend">
      <button type="button" className="legend__toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? '▾' : '▸'} Legend
      </button>
      <div className={`legend__nets${allNets ? ' is-all' : ''}`}>
        {shown.map((n) => (
          <span key={n.id} className="legend__net">
            <svg className="legend__dash" width="26" height="8" aria-hidden>
              <line
                x1="1"
                y1="4"
                x2="25"
                y2="4"
                stroke={networkColor(n.color)}
                strokeWidth="4"
                strokeDasharray={networkDash(n.color)}
              />
            </svg>
            {n.name} <span className="muted">{n.type === 'vxlan' ? `VNI ${n.segmentationId}` : n.type}</span>
          </span>
        ))}
        {more > 0 ? (
          <button type="button" className="legend__more" onClick={() => setAllNets(!allNets)}>
            {allNets ? 'fewer' : `${more} more networks`}
          </button>
        ) : null}
      </div>
      {open ? (
        <div className="legend__kinds">
          {KINDS.map(([role, label]) => (
            <div key={role} className="legend__row">
              <span className={`legend__swatch ${SWATCH[role] ?? `dev dev--${role}`}`} />
              {label}
            </div>
          ))}
          <div className="legend__row">
            <span className="legend__line legend__line--tunnel" />
            VXLAN tunnel, labelled with its VNIs
          </div>
          <div className="legend__row">
            <span className="legend__line legend__line--patch" />
            patch port between bridges
          </div>
        </div>
      ) : null}
    </div>
  );
}
