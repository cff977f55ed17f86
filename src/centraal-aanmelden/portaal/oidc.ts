import * as oidc from 'openid-client';

/** The portal's registration at the identity provider, as DigiD (or the DigiStub) issued it. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The scope (and claim) that carries the BSN, as DigiD brokers name it. */
export const BSN_SCOPE = 'bsn';

/** What the portal keeps server-side while a login runs (never in a cookie or URL). */
export interface LopendeInlog {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The portal path to return to after login. */
  terug: string;
}

/**
 * The portal's OpenID Connect client (panva's openid-client): authorization code flow with PKCE,
 * state and nonce, against DigiD in production and the DigiStub locally. The provider's metadata is
 * discovered once per issuer; a failed discovery is retried at the next login.
 */
export class DigidClient {
  private configuratie: Promise<oidc.Configuration> | null = null;

  constructor(private readonly client: () => OidcClient | undefined, private readonly redirectUri: string, private readonly insecureHttp: boolean) {}

  get ingesteld(): boolean {
    return Boolean(this.client());
  }

  private config(): Promise<oidc.Configuration> {
    const c = this.client();
    if (!c) throw new Error('no OIDC client configured');
    this.configuratie ??= oidc.discovery(new URL(c.issuer), c.clientId, c.clientSecret, undefined, this.insecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.configuratie = null;
        throw err;
      });
    return this.configuratie;
  }

  /** The provider's authorization URL and what the callback must match. */
  async begin(terug: string): Promise<{ url: string; inlog: LopendeInlog }> {
    const config = await this.config();
    const inlog = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), terug };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri, scope: `openid ${BSN_SCOPE}`, state: inlog.state, nonce: inlog.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(inlog.codeVerifier), code_challenge_method: 'S256',
    });
    return { url: url.href, inlog };
  }

  /** Exchanges the callback's code for tokens and returns the BSN of the ID token; throws on any mismatch. */
  async rond(callbackQuery: string, inlog: LopendeInlog): Promise<string> {
    const config = await this.config();
    const url = new URL(this.redirectUri);
    url.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: inlog.codeVerifier, expectedState: inlog.state, expectedNonce: inlog.nonce, idTokenExpected: true });
    const bsn = tokens.claims()?.[BSN_SCOPE];
    if (typeof bsn !== 'string' || !/^[0-9]{9}$/.test(bsn)) throw new Error('ID token without a BSN');
    return bsn;
  }
}
