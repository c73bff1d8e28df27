/** e-Transport declarations of one stage. */
import { dropOld } from './retention';

/** What processing a declaration ends in (`stareMesaj`'s final `stare`). */
export type DeclarationOutcome = 'ok' | 'nok' | 'XML cu erori nepreluat de sistem';

/** One uploaded declaration. */
export interface EtransportUpload {
  index: number;
  cif: string;
  uit: string;
  refDeclarant?: string;
  uploadedAt: number;
  /** The declaration kind: the root's child element (`notificare`, `stergere`, …). */
  kind: string;
  /** `stareMesaj` polls still to answer "in prelucrare"; processed at 0. */
  pollsLeft: number;
  outcome: DeclarationOutcome;
  /** Why processing ended `nok`, as `stareMesaj` says it. */
  errors: string[];
  /** The same in the list's words, where ANAF words it differently there. */
  listErrors?: string[];
  /** What the list shows of the transport (attributes of the declaration). */
  details: Record<string, string>;
}

/** Declarations of one stage, by upload index. */
export class EtransportStore {
  readonly uploads = new Map<number, EtransportUpload>();

  /** Keeps `upload`; what ANAF would no longer hold, or what is past the mock's bounds, goes (retention.ts). */
  add(upload: EtransportUpload): void {
    this.uploads.set(upload.index, upload);
    dropOld(this.uploads, upload.uploadedAt, 0, () => 0);
  }

  /** Declarations of `cif` since `from` (ms), newest first. */
  messages(cif: string, from: number): EtransportUpload[] {
    return [...this.uploads.values()]
      .filter((u) => u.cif === cif && u.uploadedAt >= from)
      .sort((a, b) => b.uploadedAt - a.uploadedAt || b.index - a.index);
  }
}
