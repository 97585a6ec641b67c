// The form for what is selected on either canvas: a VM, its port, a router, a network, a host...
import { useApp } from '../../../store/app-store';
import { FipForm } from './FipForm';
import { HostForm } from './HostForm';
import { NetworkForm } from './NetworkForm';
import { RouterForm } from './RouterForm';
import { ServerForm } from './ServerForm';

export function SelectionForm() {
  const sel = useApp((s) => s.selection);
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  if (!sel || !doc || !view)
    return <p className="muted edit-nothing">Click a host, network, router or VM to edit it.</p>;
  switch (sel.kind) {
    case 'host':
      return <HostForm name={sel.id} />;
    case 'network':
      return <NetworkForm id={sel.id} />;
    case 'subnet': {
      const s = doc.subnets.find((x) => x.id === sel.id);
      return s ? <NetworkForm id={s.network_id} /> : null;
    }
    case 'router':
      return <RouterForm id={sel.id} />;
    case 'server':
      return <ServerForm id={sel.id} />;
    case 'floatingip':
      return <FipForm id={sel.id} />;
    case 'tunnel':
      return (
        <p className="muted edit-nothing">
          The OVS agents build tunnels toward hosts that share a network (with l2population). Add or remove
          ports to change them.
        </p>
      );
    case 'device': {
      const d = view.devices.find((x) => x.id === sel.id);
      if (!d) return null;
      if (d.serverId) return <ServerForm id={d.serverId} />;
      if (d.routerId) return <RouterForm id={d.routerId} />;
      const port = d.portId ? doc.ports.find((p) => p.id === d.portId) : undefined;
      if (port?.device_owner.startsWith('compute:'))
        return <ServerForm id={port.device_id} focusPort={port.id} />;
      if (port?.device_owner.startsWith('network:router')) return <RouterForm id={port.device_id} />;
      if (port || d.role === 'qdhcp') {
        const net = port?.network_id ?? d.networks[0];
        return net ? <NetworkForm id={net} /> : null;
      }
      if (d.host) return <HostForm name={d.host} />;
      const ext = d.networks[0];
      return ext ? (
        <NetworkForm id={ext} />
      ) : (
        <p className="muted edit-nothing">{d.name} is part of the world outside.</p>
      );
    }
  }
}
