import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { Beheerders } from './beheerders.ts';
import type { Rol } from './sessie.ts';
import { totpCode } from './totp.ts';

/** Test support: an operator account made through the real service, as `vva beheerder add` does. */
export async function maakBeheerder(ctx: AppContext, gebruikersnaam: string, rol: Rol = 'beheerder') {
  const wachtwoord = `wachtwoord-van-${gebruikersnaam}`;
  const { totpGeheim } = await new Beheerders(ctx).voegToe({ gebruikersnaam, naam: `Test ${gebruikersnaam}`, rol, wachtwoord }, null);
  return { gebruikersnaam, wachtwoord, totpGeheim, code: (offsetMs = 0) => totpCode(totpGeheim, Date.now() + offsetMs) };
}

/** The CSRF token of the first form on a page. */
export const csrfUit = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

/**
 * A browser-like client over app.inject: keeps cookies as a browser would (by name, path /beheer),
 * sends forms url-encoded with the page's CSRF token.
 */
export class Klant {
  readonly cookies = new Map<string, string>();
  laatsteCsrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private onthoud(setCookie: string | string[] | undefined) {
    for (const c of [setCookie ?? []].flat()) {
      const [paar] = c.split(';');
      const [naam, ...waarde] = paar!.split('=');
      const v = waarde.join('=');
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(naam!);
      else this.cookies.set(naam!, v);
    }
  }

  private get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } });
    this.onthoud(res.headers['set-cookie']);
    const t = csrfUit(res.body);
    if (t) this.laatsteCsrf = t;
    return res;
  }

  async post(url: string, velden: Record<string, string>, opts: { csrf?: string; headers?: Record<string, string> } = {}) {
    const payload = new URLSearchParams({ _csrf: opts.csrf ?? this.laatsteCsrf, ...velden }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload, headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...opts.headers } });
    this.onthoud(res.headers['set-cookie']);
    const t = csrfUit(res.body);
    if (t) this.laatsteCsrf = t;
    return res;
  }

  /** A multipart form with one file, as a browser sends `enctype="multipart/form-data"`. */
  async upload(url: string, velden: Record<string, string>, bestand: { veld: string; naam: string; inhoud: string }) {
    const grens = `----vva${Date.now()}`;
    const delen = Object.entries({ _csrf: this.laatsteCsrf, ...velden }).map(([k, v]) => `--${grens}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    delen.push(`--${grens}\r\nContent-Disposition: form-data; name="${bestand.veld}"; filename="${bestand.naam}"\r\nContent-Type: text/csv\r\n\r\n${bestand.inhoud}\r\n--${grens}--\r\n`);
    const res = await this.app.inject({ method: 'POST', url, payload: delen.join(''), headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${grens}` } });
    this.onthoud(res.headers['set-cookie']);
    const t = csrfUit(res.body);
    if (t) this.laatsteCsrf = t;
    return res;
  }

  async inloggen(account: { gebruikersnaam: string; wachtwoord: string }, code: string) {
    await this.get('/beheer/inloggen');
    return this.post('/beheer/inloggen', { gebruikersnaam: account.gebruikersnaam, wachtwoord: account.wachtwoord, code });
  }
}
