import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { html } from '../../console/html.ts';
import { leeftijdOp } from '../aanmelding/regels.ts';
import type { DuoPersoon } from '../aanmelding/duo-bron.ts';
import { BSN_SCOPE, type OidcClient } from '../portaal/oidc.ts';

export interface DigiStub extends OidcClient {
  stop(): Promise<void>;
}

/** The subject the stub gives a person: stable, and not the BSN (the BSN travels only in its own claim). */
const onderwerp = (bsn: string) => createHash('sha256').update(`digistub\n${bsn}`).digest('hex').slice(0, 32);

/** What the chooser shows of a synthetic person: enough to pick the case a test or a demo needs. */
function beschrijving(p: DuoPersoon, vandaag: string): string {
  const bijzonder = p.adres?.indicatieGeheim === 7 ? ', geheim adres' : p.adres && p.adres.woonland !== '6030' ? ', woont in het buitenland' : !p.vooropleiding ? ', geen vooropleiding' : '';
  return `${p.voornamen} ${p.achternaam}, ${leeftijdOp(p.geboortedatum, vandaag)} jaar${bijzonder}`;
}

async function formulier(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/**
 * "DigiStub": a standard OpenID Connect provider (panva's oidc-provider) that stands in for DigiD
 * locally and in tests (spec §17). Its login page lets one pick a synthetic person of the test DUO
 * source; the portal talks to it with the same OIDC client code it uses against DigiD. Authorization
 * code flow with PKCE only; the grant for the portal's scopes is implied (DigiD asks no consent).
 */
export async function startDigiStub(o: { personen: Iterable<DuoPersoon>; redirectUris: string[]; port?: number; host?: string; vandaag: () => string }): Promise<DigiStub> {
  const personen = new Map([...o.personen].map((p) => [onderwerp(p.bsn), p]));
  const clientId = 'open-vva-portaal';
  const clientSecret = randomBytes(24).toString('base64url');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const issuer = `http://${o.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

  const configuratie: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: o.redirectUris, response_types: ['code'], grant_types: ['authorization_code'], id_token_signed_response_alg: 'ES256' }],
    jwks: { keys: [{ ...jwk, kid: 'digistub', alg: 'ES256', use: 'sig' } as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', BSN_SCOPE],
    claims: { openid: ['sub'], [BSN_SCOPE]: [BSN_SCOPE] },
    // The BSN in the ID token itself, as DigiD brokers do: the portal needs no userinfo call.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // A login takes minutes, a code is used at once; nothing here needs to outlive a demo session.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 300, IdToken: 300 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interactie/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const p = personen.get(sub);
      return p ? { accountId: sub, claims: async () => ({ sub, [BSN_SCOPE]: p.bsn }) } : undefined;
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope(`openid ${BSN_SCOPE}`);
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = pagina('Fout', html`<p>${String(out.error)}: ${String(out.error_description ?? '')}</p>`).value;
    },
  };
  const provider = new Provider(issuer, configuratie);
  const terugOrigins = [...new Set(o.redirectUris.map((u) => new URL(u).origin))].join(' ');
  const callback = provider.callback();

  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/interactie\/([A-Za-z0-9_-]+)(\/inloggen)?$/.exec(req.url ?? '');
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // DigiD asks no consent for the portal's own scopes: the grant is given at once.
        const grant = new provider.Grant({ clientId: String(details.params.client_id), accountId: String(details.session?.accountId) });
        grant.addOIDCScope(`openid ${BSN_SCOPE}`);
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
        return;
      }
      if (req.method === 'POST' && m[2]) {
        const sub = (await formulier(req)).get('persoon') ?? '';
        if (!personen.has(sub)) throw new Error('unknown person');
        await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
        return;
      }
      const vandaag = o.vandaag();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      // form-action also governs the redirects after the form: back to the portal's callback.
      res.setHeader('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${terugOrigins}; frame-ancestors 'none'`);
      res.end(pagina('Inloggen bij DigiStub', html`
<p>DigiStub is de test-inlog van open-vva in plaats van DigiD. Alle personen zijn synthetisch (test-BSN's), nooit echte mensen.</p>
<form method="post" action="/interactie/${details.uid}/inloggen">
  <p><label for="persoon">Testpersoon</label><br>
  <select id="persoon" name="persoon">${[...personen].map(([sub, p]) => html`<option value="${sub}">${beschrijving(p, vandaag)}</option>`)}</select></p>
  <p><button type="submit">Inloggen</button></p>
</form>`).value);
    } catch {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(pagina('Inloggen mislukt', html`<p>Deze inlogpoging is verlopen of onbekend. Begin opnieuw bij het portaal.</p>`).value);
    }
  });

  return {
    issuer, clientId, clientSecret,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function pagina(titel: string, inhoud: ReturnType<typeof html>) {
  return html`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${titel} — DigiStub</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}select,button{font-size:1rem;padding:.4rem}button{background:#154273;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem}</style></head>
<body><header><p><strong>DigiStub</strong> — test-identiteit (geen DigiD)</p></header><main><h1>${titel}</h1>${inhoud}</main></body></html>`;
}
