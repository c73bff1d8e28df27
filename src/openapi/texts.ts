/**
 * What each operation does, in English and Romanian: our own words, kept beside the facts they
 * describe. Limits, quotas and the list of answers are added from `src/anaf/` when the document is
 * built, so the numbers live in one place.
 */

/** Summary and description of one operation in one language. */
export interface OperationText {
  summary: string;
  description: string;
}

/** English and Romanian texts of an operation. */
export interface OperationTexts {
  en: OperationText;
  ro: OperationText;
}

const UPLOAD_EN =
  'The body is the invoice XML (UBL 2.1 Invoice or CreditNote, CII, or a RASP answer). `cif` is the ' +
  'tax code of the sender (a company’s CIF or an individual’s CNP), digits only (no `RO`). `extern`, ' +
  '`autofactura` and `executare` are sent only as `DA`.';
const UPLOAD_RO =
  'Corpul este XML-ul facturii (UBL 2.1 Invoice sau CreditNote, CII sau un mesaj RASP). `cif` este codul ' +
  'fiscal al emitentului (CIF-ul firmei sau CNP-ul persoanei fizice), doar cifre (fără `RO`). `extern`, ' +
  '`autofactura` și `executare` se trimit doar cu valoarea `DA`.';

/** Texts per endpoint id of `src/anaf/endpoints.ts`. */
export const OPERATION_TEXTS: Record<string, OperationTexts> = {
  'oauth.authorize': {
    en: {
      summary: 'Authorize (browser step)',
      description:
        'Opened in a browser: ANAF asks for the qualified certificate (or token) of the person, then redirects ' +
        'to `redirect_uri` with `code`. The code must be exchanged within a minute. Add `token_content_type=jwt` ' +
        'to receive JWT tokens.',
    },
    ro: {
      summary: 'Autorizare (pasul din browser)',
      description:
        'Se deschide în browser: ANAF cere certificatul calificat (sau token-ul) persoanei, apoi redirecționează ' +
        'la `redirect_uri` cu `code`. Codul trebuie schimbat în cel mult un minut. Cu `token_content_type=jwt` ' +
        'token-urile primite sunt JWT.',
    },
  },
  'oauth.exchange': {
    en: {
      summary: 'Token: exchange the authorization code, or refresh',
      description:
        'One endpoint, two grants. `authorization_code` exchanges the code of the browser step; `refresh_token` ' +
        'gets new tokens before the access token expires (ANAF may rotate the refresh token: keep the new one). ' +
        'The client authenticates with HTTP Basic (as ANAF’s guide says) or with `client_id` and `client_secret` ' +
        'in the body.',
    },
    ro: {
      summary: 'Token: schimbarea codului de autorizare sau reîmprospătare',
      description:
        'Un singur endpoint, două tipuri de grant. `authorization_code` schimbă codul obținut în browser; ' +
        '`refresh_token` obține token-uri noi înainte de expirarea celui de acces (ANAF poate roti refresh ' +
        'token-ul: păstrați-l pe cel nou). Clientul se autentifică prin HTTP Basic (ca în ghidul ANAF) sau cu ' +
        '`client_id` și `client_secret` în corp.',
    },
  },
  'oauth.hello': {
    en: {
      summary: 'TestOauth hello',
      description:
        'ANAF’s smoke test of an access token: answers `Hello, "<name>"` when the token is accepted.',
    },
    ro: {
      summary: 'TestOauth hello',
      description:
        'Testul ANAF pentru un token de acces: răspunde `Hello, "<name>"` când token-ul este acceptat.',
    },
  },
  'efactura.upload': {
    en: { summary: 'Upload an invoice (B2B)', description: UPLOAD_EN },
    ro: { summary: 'Încărcare factură (B2B)', description: UPLOAD_RO },
  },
  'efactura.uploadb2c': {
    en: { summary: 'Upload an invoice (B2C)', description: `Invoices to consumers. ${UPLOAD_EN}` },
    ro: { summary: 'Încărcare factură (B2C)', description: `Facturi către consumatori. ${UPLOAD_RO}` },
  },
  'efactura.stareMesaj': {
    en: {
      summary: 'State of an upload',
      description:
        '`id_incarcare` is the `index_incarcare` of the upload. `stare` is `ok` (with `id_descarcare`), `nok` ' +
        '(the ZIP of `id_descarcare` holds the errors), `in prelucrare` (ask again later) or ' +
        '`XML cu erori nepreluat de sistem`.',
    },
    ro: {
      summary: 'Starea unei încărcări',
      description:
        '`id_incarcare` este `index_incarcare` al încărcării. `stare` este `ok` (cu `id_descarcare`), `nok` ' +
        '(arhiva din `id_descarcare` conține erorile), `in prelucrare` (se reîncearcă mai târziu) sau ' +
        '`XML cu erori nepreluat de sistem`.',
    },
  },
  'efactura.listaMesajeFactura': {
    en: {
      summary: 'Messages of the last days',
      description:
        'The messages (invoices sent, received, errors, buyer messages) of `cif` in the last `zile` days, ' +
        'optionally only those of one kind (`filtru`).',
    },
    ro: {
      summary: 'Mesajele din ultimele zile',
      description:
        'Mesajele (facturi trimise, primite, erori, mesaje cumpărător) pentru `cif` din ultimele `zile` zile, ' +
        'opțional doar cele de un anumit tip (`filtru`).',
    },
  },
  'efactura.listaMesajePaginatieFactura': {
    en: {
      summary: 'Messages of an interval, by page',
      description:
        'The messages of `cif` between `startTime` and `endTime` (Unix time in milliseconds), one page at a ' +
        'time; `endTime` may not be in the future.',
    },
    ro: {
      summary: 'Mesajele dintr-un interval, pe pagini',
      description:
        'Mesajele pentru `cif` între `startTime` și `endTime` (timp Unix în milisecunde), câte o pagină; ' +
        '`endTime` nu poate fi în viitor.',
    },
  },
  'efactura.descarcare': {
    en: {
      summary: 'Download a message',
      description:
        'A ZIP with the message XML (the invoice, or the errors) and ANAF’s signature of it. `id` is the ' +
        '`id_descarcare` of the state, or the `id` of a listed message.',
    },
    ro: {
      summary: 'Descărcarea unui mesaj',
      description:
        'O arhivă ZIP cu XML-ul mesajului (factura sau erorile) și semnătura ANAF. `id` este `id_descarcare` din ' +
        'stare sau `id`-ul unui mesaj din listă.',
    },
  },
  'efactura.validare': {
    en: {
      summary: 'Validate an invoice XML',
      description:
        'Checks an invoice (`FACT1`) or credit note (`FCN`) against the schema and the business rules without ' +
        'sending it. Also served without OAuth by `webservicesp.anaf.ro`.',
    },
    ro: {
      summary: 'Validarea XML-ului unei facturi',
      description:
        'Verifică o factură (`FACT1`) sau o notă de creditare (`FCN`) față de schemă și regulile de business, ' +
        'fără a o trimite. Disponibil și fără OAuth pe `webservicesp.anaf.ro`.',
    },
  },
  'efactura.transformare': {
    en: {
      summary: 'Invoice XML to PDF',
      description:
        'Validates the XML, then answers its PDF. Also served without OAuth by `webservicesp.anaf.ro`.',
    },
    ro: {
      summary: 'XML-ul facturii în PDF',
      description:
        'Validează XML-ul, apoi răspunde cu PDF-ul. Disponibil și fără OAuth pe `webservicesp.anaf.ro`.',
    },
  },
  'efactura.transformareFaraValidare': {
    en: {
      summary: 'Invoice XML to PDF, without validation',
      description:
        'The PDF of the XML without checking the business rules (`novld` is `DA`). Also served without OAuth ' +
        'by `webservicesp.anaf.ro`.',
    },
    ro: {
      summary: 'XML-ul facturii în PDF, fără validare',
      description:
        'PDF-ul XML-ului fără verificarea regulilor de business (`novld` este `DA`). Disponibil și fără OAuth pe ' +
        '`webservicesp.anaf.ro`.',
    },
  },
  'efactura.validareSemnatura': {
    en: {
      summary: 'Check ANAF’s signature of a downloaded invoice',
      description:
        'Two files from a downloaded ZIP: `file`, the invoice XML, and `signature`, ANAF’s signature XML. At the ' +
        'root of the host, production only.',
    },
    ro: {
      summary: 'Verificarea semnăturii ANAF a unei facturi descărcate',
      description:
        'Două fișiere din arhiva descărcată: `file`, XML-ul facturii, și `signature`, XML-ul semnăturii ANAF. La ' +
        'rădăcina host-ului, doar în producție.',
    },
  },
  'etransport.upload': {
    en: {
      summary: 'Upload a transport declaration',
      description:
        'The body is an e-Transport declaration XML (schema v2, namespace `mfp:anaf:dgti:eTransport:declaratie:v2`) ' +
        'for the declarant `cif`. The answer gives `index_incarcare` and the UIT code.',
    },
    ro: {
      summary: 'Încărcarea unei declarații de transport',
      description:
        'Corpul este XML-ul declarației e-Transport (schema v2, namespace `mfp:anaf:dgti:eTransport:declaratie:v2`) ' +
        'pentru declarantul `cif`. Răspunsul conține `index_incarcare` și codul UIT.',
    },
  },
  'etransport.stareMesaj': {
    en: {
      summary: 'State of a declaration',
      description:
        '`stare` is `ok`, `nok` (with `Errors`), `in prelucrare` (ask again later) or ' +
        '`XML cu erori nepreluat de sistem`.',
    },
    ro: {
      summary: 'Starea unei declarații',
      description:
        '`stare` este `ok`, `nok` (cu `Errors`), `in prelucrare` (se reîncearcă mai târziu) sau ' +
        '`XML cu erori nepreluat de sistem`.',
    },
  },
  'etransport.lista': {
    en: {
      summary: 'Declarations of the last days',
      description: 'The declarations of `cif` in the last `zile` days.',
    },
    ro: {
      summary: 'Declarațiile din ultimele zile',
      description: 'Declarațiile pentru `cif` din ultimele `zile` zile.',
    },
  },
  'etransport.info': {
    en: {
      summary: 'Transport information for carriers',
      description:
        'The transports where `cui_op` is the carrier, optionally narrowed to one declarant (`cui_decl`), one ' +
        'UIT code or one declarant reference (`ref_decl`).',
    },
    ro: {
      summary: 'Informații de transport pentru transportatori',
      description:
        'Transporturile în care `cui_op` este transportatorul, opțional restrânse la un declarant (`cui_decl`), ' +
        'un cod UIT sau o referință a declarantului (`ref_decl`).',
    },
  },
};

/** The document's own title and introduction. */
export const DOCUMENT_TEXT = {
  title: 'ANAF e-Factura and e-Transport',
  en:
    'The APIs of ANAF (Romania’s tax authority) for e-Factura and e-Transport, with the OAuth 2.0 flow, the ' +
    'hosts of both stages (`/prod/` and `/test/`) and every answer ANAF documents as a named example. Many ' +
    'errors arrive as **HTTP 200**: each example says whether it is a success, an error or an in-between ' +
    'state (`x-verdict`). Generated by anaf-postman from the same facts as its Postman collection; Romanian ' +
    'texts are in `x-description-ro` and `x-summary-ro`.',
  ro:
    'API-urile ANAF pentru e-Factura și e-Transport, cu fluxul OAuth 2.0, host-urile ambelor medii (`/prod/` și ' +
    '`/test/`) și fiecare răspuns documentat de ANAF ca exemplu cu nume. Multe erori vin cu **HTTP 200**: fiecare ' +
    'exemplu spune dacă este un succes, o eroare sau o stare intermediară (`x-verdict`). Generat de anaf-postman ' +
    'din aceleași date ca și colecția Postman.',
} as const;
