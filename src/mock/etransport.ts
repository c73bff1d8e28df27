/** e-Transport below `/{prod|test}/ETRANSPORT/ws/v1/`: upload, stareMesaj, lista, info. JSON, errors in a 200. */
import { randomBytes, randomUUID } from 'node:crypto';
import { LIST_DAYS, Var } from '../anaf';
import { anafTimestamp, DAY_MS } from './clock';
import type { Handler, World } from './context';
import { json, type Reply } from './http';
import { UPLOAD_LIMIT } from './efactura';
import { looksLikeXml } from './efactura-store';
import { MOCK_CERTIFICATE } from './tokens';

/** Fields every e-Transport answer carries. */
function envelope(world: World) {
  return { dateResponse: anafTimestamp(world.settings.now()), trace_id: randomUUID() };
}

function failure(world: World, message: string): Reply {
  return json(200, { ...envelope(world), ExecutionStatus: 1, Errors: [{ errorMessage: message }] });
}

/** A UIT (the transport's unique code): 16 characters, letters and digits, as ANAF's. */
function newUit(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** `POST upload/ETRANSP/{cif}/2`. */
export const etransportUpload: Handler = (req, world, stage) => {
  const cif = req.params[Var.cif];
  if (!/^\d{1,13}$/.test(cif)) return failure(world, `CIF introdus= ${cif} nu este un numar`);
  if (req.bodySize === 0) return failure(world, 'Nu a fost transmis niciun fisier');
  if (req.bodySize > UPLOAD_LIMIT) return failure(world, 'Marime fisier transmis mai mare de 10 MB');
  const body = req.body.toString('utf8');
  if (!looksLikeXml(body)) return failure(world, 'Fisierul transmis nu este un XML');
  const refDeclarant = /\srefDeclarant="([^"]{0,100})"/.exec(body)?.[1];
  const index = world.nextId('upload');
  const uit = newUit();
  world.etransport[stage].add({ index, cif, uit, refDeclarant, uploadedAt: world.settings.now() });
  return json(200, {
    ...envelope(world),
    ExecutionStatus: 0,
    index_incarcare: index,
    UIT: uit,
    ...(refDeclarant === undefined ? {} : { ref_declarant: refDeclarant }),
  });
};

/** `GET stareMesaj/{id_incarcare}`. */
export const etransportStareMesaj: Handler = (req, world, stage) => {
  const id = req.params[Var.etransportUploadIndex];
  const found = /^\d{1,18}$/.test(id) ? world.etransport[stage].uploads.get(Number(id)) : undefined;
  if (!found) return failure(world, `Nu exista mesaj cu id_incarcare= ${id}`);
  return json(200, { stare: 'ok', ...envelope(world), ExecutionStatus: 0 });
};

/** `GET lista/{zile}/{cif}`: an empty result is `ExecutionStatus: 1`, as on ANAF. */
export const etransportLista: Handler = (req, world, stage) => {
  const zileText = req.params[Var.listDays];
  const zile = /^\d{1,3}$/.test(zileText) ? Number(zileText) : NaN;
  if (!(zile >= LIST_DAYS.min && zile <= LIST_DAYS.max)) {
    return failure(world, `Numarul de zile trebuie sa fie intre ${LIST_DAYS.min} si ${LIST_DAYS.max}`);
  }
  const cif = req.params[Var.cif];
  if (!/^\d{1,13}$/.test(cif)) return failure(world, `CIF introdus= ${cif} nu este un numar`);
  const found = world.etransport[stage].messages(cif, world.settings.now() - zile * DAY_MS);
  if (found.length === 0) return failure(world, `Nu exista mesaje in ultimele ${zile} zile`);
  return json(200, {
    mesaje: found.map((u) => ({
      id_incarcare: u.index,
      uit: u.uit,
      cod_decl: u.cif,
      ref_decl: u.refDeclarant ?? '',
      stare: 'ok',
      data_creare: anafTimestamp(u.uploadedAt),
    })),
    serial: MOCK_CERTIFICATE.serial,
    cui: cif,
    titlu: `Lista Mesaje disponibile din ultimele ${zile} zile`,
    ...envelope(world),
    ExecutionStatus: 0,
  });
};

/**
 * `GET info?cui_op={cif}`: the operator's record. ANAF's exact shape is unverified, so the mock
 * answers the envelope every e-Transport answer has plus what it knows of the operator.
 */
export const etransportInfo: Handler = (req, world, stage) => {
  const cif = req.query.get('cui_op') ?? '';
  if (!/^\d{1,13}$/.test(cif)) return failure(world, `CIF introdus= ${cif} nu este un numar`);
  const declarations = world.etransport[stage].messages(cif, 0).length;
  return json(200, { cui_op: cif, declaratii: declarations, ...envelope(world), ExecutionStatus: 0 });
};
