/** e-Transport declarations of one stage. */

/** One uploaded declaration. */
export interface EtransportUpload {
  index: number;
  cif: string;
  uit: string;
  refDeclarant?: string;
  uploadedAt: number;
}

/** Declarations of one stage, by upload index. */
export class EtransportStore {
  readonly uploads = new Map<number, EtransportUpload>();

  add(upload: EtransportUpload): void {
    this.uploads.set(upload.index, upload);
  }

  /** Declarations of `cif` since `from` (ms), newest first. */
  messages(cif: string, from: number): EtransportUpload[] {
    return [...this.uploads.values()]
      .filter((u) => u.cif === cif && u.uploadedAt >= from)
      .sort((a, b) => b.uploadedAt - a.uploadedAt || b.index - a.index);
  }
}
