/** How the harness classifies the failures the scripts name after ANAF's own answers. */
import { ExitCode } from '../../../src/errors';
import { failureExitCode } from '../../../src/run/recorder';

describe('failureExitCode of ANAF answers the scripts name', () => {
  it.each([
    [
      "ANAF's firewall rejected the request (an HTML page instead of the API's answer), support ID 123",
      ExitCode.unavailable,
    ],
    [
      'firewall-ul ANAF a respins cererea (o pagină HTML în locul răspunsului API), ID de suport 123',
      ExitCode.unavailable,
    ],
    [
      'daily limit reached (not retried; try again tomorrow): S-au facut deja 10 descarcari',
      ExitCode.assertionsFailed,
    ],
    ['HTTP 400: Parametrul id este obligatoriu', ExitCode.assertionsFailed],
    [
      'the access token was refused (HTTP 401); run `anaf-postman refresh`, or `anaf-postman login` if the refresh is refused too; ANAF said: Unauthorized',
      ExitCode.authorizationNeeded,
    ],
    [
      'tokenul de acces a fost refuzat (HTTP 401); rulați `anaf-postman refresh` sau, dacă și reîmprospătarea este refuzată, `anaf-postman login`; ANAF a spus: Unauthorized',
      ExitCode.authorizationNeeded,
    ],
    [
      'daily limit reached (not retried; try again tomorrow): Ai atins limita de 10 descarcari a facturii pentru astazi.',
      ExitCode.assertionsFailed,
    ],
  ])('%s', (message, exit) => {
    expect(failureExitCode(message)).toBe(exit);
  });
});
