// The two edits the compare work adds to the forms: the cloud's backend (the top bar) and a router's type
// (its form). Each is one undoable step through the app store's edit path; the core rebuilds the
// plumbing, or refuses and the cloud stays as it was.
import {
  type Backend,
  backendLabel,
  flavourLabel,
  type RouterFlavour,
  setBackend,
  setRouterFlavour,
} from '../sim';
import { useApp } from './app-store';

export function switchBackend(b: Backend) {
  return useApp.getState().edit(`backend ${backendLabel(b)}`, (t) => void setBackend(t, b));
}

export function setRouterType(routerId: string, f: RouterFlavour) {
  const name = useApp.getState().doc?.routers.find((r) => r.id === routerId)?.name ?? 'the router';
  return useApp
    .getState()
    .edit(`make ${name} ${flavourLabel(f)}`, (t) => void setRouterFlavour(t, routerId, f));
}
