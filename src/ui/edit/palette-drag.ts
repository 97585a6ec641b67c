// The drag data of palette items: the payload under DRAG_MIME, and the kind again as a type of its own
// (DRAG_KIND + kind) because a drag over the canvas may read the types but not the data.
export { DRAG_MIME } from '../canvas/interaction';
export const DRAG_KIND = 'application/x-neutron-kind-';
