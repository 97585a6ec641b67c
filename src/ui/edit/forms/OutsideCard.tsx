// The world beyond an external network: its upstream router and the hosts behind it.
import type { OutsideWorld } from '../../../sim';
import { patchOutside } from '../../../store/edit-patch';
import { edit, identity, SubHead } from './common';
import { TextField } from './fields';
import { at, intList, required, text } from './parse';

export function OutsideCard({ world: w, index: i }: { world: OutsideWorld; index: number }) {
  const p = (f: string) => [at('outside', i, f)];
  const set = (label: string, fn: (x: OutsideWorld) => void) =>
    edit(label, (t) => patchOutside(t, w.network_id, fn));
  return (
    <>
      <SubHead>The world outside</SubHead>
      <div className="sub-card">
        <TextField
          label="Upstream router"
          value={w.gateway.name}
          format={identity}
          parse={required('name')}
          paths={p('gateway.name')}
          onCommit={(v) =>
            set('rename the upstream router', (x) => {
              x.gateway.name = v;
            })
          }
        />
        <TextField
          label="Its address on the external subnet"
          value={w.gateway.ip}
          format={identity}
          parse={text}
          mono
          paths={p('gateway.ip')}
          onCommit={(v) =>
            set('upstream address', (x) => {
              x.gateway.ip = v;
            })
          }
        />
        <TextField
          label="Internet segment (CIDR)"
          value={w.internet.cidr}
          format={identity}
          parse={text}
          mono
          paths={p('internet.cidr')}
          onCommit={(v) =>
            set('internet segment', (x) => {
              x.internet.cidr = v;
            })
          }
        />
        <TextField
          label="Upstream address there"
          value={w.internet.gateway_ip}
          format={identity}
          parse={text}
          mono
          paths={p('internet.gateway_ip')}
          onCommit={(v) =>
            set('internet gateway', (x) => {
              x.internet.gateway_ip = v;
            })
          }
        />
      </div>
      {w.hosts.map((h, k) => (
        <div className="sub-card" key={h.name}>
          <div className="sub-card__head">
            <strong>{h.name}</strong>
            <button
              type="button"
              className="icon-button danger"
              aria-label={`Delete outside host ${h.name}`}
              onClick={() => void set(`delete ${h.name}`, (x) => void x.hosts.splice(k, 1))}
            >
              Delete
            </button>
          </div>
          <TextField
            label="Name"
            value={h.name}
            format={identity}
            parse={required('name')}
            paths={p(`hosts[${k}].name`)}
            onCommit={(v) =>
              set(`rename ${h.name}`, (x) => {
                x.hosts[k]!.name = v;
              })
            }
          />
          <TextField
            label="Address"
            value={h.ip}
            format={identity}
            parse={text}
            mono
            paths={p(`hosts[${k}].ip`)}
            onCommit={(v) =>
              set(`address of ${h.name}`, (x) => {
                x.hosts[k]!.ip = v;
              })
            }
          />
          <TextField
            label="Listening TCP ports"
            value={h.listening.tcp}
            format={(v) => v.join(', ')}
            parse={intList(1, 65535)}
            paths={p(`hosts[${k}].listening`)}
            onCommit={(v) =>
              set(`ports of ${h.name}`, (x) => {
                x.hosts[k]!.listening.tcp = v;
              })
            }
          />
        </div>
      ))}
      <button
        type="button"
        className="add-button"
        onClick={() =>
          void set('add an outside host', (x) => {
            const taken = new Set(x.hosts.map((h) => h.name));
            let k = x.hosts.length + 1;
            while (taken.has(`outside${k}`)) k++;
            const base = x.internet.cidr.replace(/\.\d+\/\d+$/, '');
            x.hosts.push({
              name: `outside${k}`,
              ip: `${base}.${10 + k}`,
              listening: { tcp: [80], udp: [] },
            } as never);
          })
        }
      >
        + Add an outside host
      </button>
    </>
  );
}
