// Transient state of the editing UI: which dialog is open (a refused file's errors, a deletion to
// confirm, the share link, the keyboard help). Nothing here is saved.
import { create } from 'zustand';
import type { ReportItem } from '../import/report';
import type { TopologyError } from '../sim';
import type { EditTarget, Impact } from './edit-delete';

export interface Report {
  title: string;
  /** what happened to the user's work, in one sentence */
  outcome: string;
  errors: TopologyError[];
}

/** What an import of a cloud came to: the report of what is not modelled, and errors when refused. */
export interface ImportView {
  ok: boolean;
  summary: string;
  errors: string[];
  report: ReportItem[];
}

export interface EditUiState {
  report: Report | null;
  /** the Import a cloud dialog: null when closed */
  importing: { busy: boolean; result: ImportView | null } | null;
  setImport(state: { busy: boolean; result: ImportView | null } | null): void;
  confirm: { target: EditTarget; impact: Impact } | null;
  share: { url: string } | null;
  help: boolean;
  showReport(r: Report): void;
  askDelete(target: EditTarget, impact: Impact): void;
  showShare(url: string): void;
  setHelp(open: boolean): void;
  close(): void;
}

export const useEditUi = create<EditUiState>()((set) => ({
  report: null,
  importing: null,
  setImport: (importing) => set({ importing }),
  confirm: null,
  share: null,
  help: false,
  showReport: (report) => set({ report }),
  askDelete: (target, impact) => set({ confirm: { target, impact } }),
  showShare: (url) => set({ share: { url } }),
  setHelp: (help) => set({ help }),
  close: () => set({ report: null, confirm: null, share: null, help: false, importing: null }),
}));
