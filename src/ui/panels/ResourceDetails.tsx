// Details of a non-device selection: a host, a network, a tunnel, a router, a server.
import type { Selection } from '../../store/app-store';
import { useApp } from '../../store/app-store';

function Row({ k, v }: { k: string; v: string }) {
  return (
    <tr>
      <th>{k}</th>
      <td>{v}</td>
    </tr>
  );
}

export function ResourceDetails({ selection }: { selection: NonNullable<Selection> }) {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  if (!doc || !view) return null;
  const netName = (id: string) => doc.networks.find((n) => n.id === id)?.name ?? id;
  switch (selection.kind) {
    case 'host': {
      const h = view.hosts.find((x) => x.name === selection.id);
      if (!h) return null;
      return (
        <>
          <h2>{h.name}</h2>
          <div className="muted">
            {h.role} node, tunnel endpoint {h.tunnelIp}
          </div>
          <h3>Local VLANs</h3>
          <table className="kv">
            <tbody>
              {h.localVlans.map((l) => (
                <Row key={l.network} k={netName(l.network)} v={`VLAN ${l.vlan}`} />
              ))}
            </tbody>
          </table>
        </>
      );
    }
    case 'tunnel': {
      const t = view.tunnels.find((x) => x.id === selection.id);
      if (!t) return null;
      const ip = (h: string) => view.hosts.find((x) => x.name === h)?.tunnelIp ?? '?';
      return (
        <>
          <h2>VXLAN tunnel</h2>
          <div className="muted">
            {t.hostA} ({ip(t.hostA)}) ↔ {t.hostB} ({ip(t.hostB)}), UDP 4789
          </div>
          <h3>VNIs carried</h3>
          <table className="kv">
            <tbody>
              {t.vnis.map((v, i) => (
                <Row key={v} k={`VNI ${v}`} v={t.networks[i] ? netName(t.networks[i]!) : ''} />
              ))}
            </tbody>
          </table>
        </>
      );
    }
    case 'network': {
      const n = doc.networks.find((x) => x.id === selection.id);
      if (!n) return null;
      return (
        <>
          <h2>{n.name}</h2>
          <table className="kv">
            <tbody>
              <Row k="id" v={n.id} />
              <Row k="provider:network_type" v={n['provider:network_type']} />
              <Row k="provider:segmentation_id" v={String(n['provider:segmentation_id'] ?? '-')} />
              <Row k="router:external" v={String(n['router:external'])} />
              <Row k="mtu" v={String(n.mtu)} />
              <Row
                k="subnets"
                v={doc.subnets
                  .filter((s) => s.network_id === n.id)
                  .map((s) => s.cidr)
                  .join(', ')}
              />
            </tbody>
          </table>
          <h3>Local VLAN on each host</h3>
          <table className="kv">
            <tbody>
              {view.hosts.flatMap((h) =>
                h.localVlans
                  .filter((l) => l.network === n.id)
                  .map((l) => <Row key={h.name} k={h.name} v={`VLAN ${l.vlan}`} />),
              )}
            </tbody>
          </table>
        </>
      );
    }
    case 'router': {
      const r = doc.routers.find((x) => x.id === selection.id);
      if (!r) return null;
      const ifaces = doc.ports.filter(
        (p) => p.device_id === r.id && p.device_owner === 'network:router_interface',
      );
      return (
        <>
          <h2>{r.name}</h2>
          <div className="muted">router: no qrouter namespace until it has an interface or a gateway</div>
          <table className="kv">
            <tbody>
              <Row k="id" v={r.id} />
              <Row
                k="gateway"
                v={r.external_gateway_info ? netName(r.external_gateway_info.network_id) : 'none'}
              />
              <Row
                k="interfaces"
                v={ifaces.map((p) => p.fixed_ips[0]?.ip_address ?? '').join(', ') || 'none'}
              />
            </tbody>
          </table>
        </>
      );
    }
    case 'server': {
      const v = doc.servers.find((x) => x.id === selection.id);
      if (!v) return null;
      return (
        <>
          <h2>{v.name}</h2>
          <div className="muted">server on {v.host}: not plugged into any network yet</div>
        </>
      );
    }
    case 'floatingip': {
      const f = doc.floatingips.find((x) => x.id === selection.id);
      if (!f) return null;
      return (
        <>
          <h2>{f.floating_ip_address}</h2>
          <div className="muted">floating IP on {netName(f.floating_network_id)}</div>
          <table className="kv">
            <tbody>
              <Row k="fixed_ip_address" v={f.fixed_ip_address ?? 'not associated'} />
              <Row k="router" v={doc.routers.find((r) => r.id === f.router_id)?.name ?? '-'} />
            </tbody>
          </table>
        </>
      );
    }
    default:
      return <h2>{selection.kind}</h2>;
  }
}
