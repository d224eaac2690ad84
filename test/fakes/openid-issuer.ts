/**
 * A loopback OpenID issuer standing in for the Bot Framework's token service: it publishes
 * `/.well-known/openid-configuration` and a JWKS (with the `endorsements` Teams keys carry) and signs RS256
 * tokens the way the channel does (iss, aud = the bot's app id, serviceUrl, exp/nbf). Options make the
 * broken variants: another key under the same kid (forged), an expired token, a wrong audience.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface TokenOptions {
  audience: string;
  serviceUrl: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  issuer?: string;
  /** Sign with a key the issuer never published (under the published kid). */
  forged?: boolean;
}

export interface FakeIssuer {
  issuer: string;
  metadataUrl: string;
  token(options: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export const KEY_ID = 'greenlight-test-key';

export async function startFakeIssuer(): Promise<FakeIssuer> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const impostor = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(published.publicKey)), kid: KEY_ID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: base,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
    } else if (path === '/keys') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (key: CryptoKey, o: TokenOptions) => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (o.expiresIn ?? 3600);
    return new SignJWT({ serviceurl: o.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
      .setIssuer(o.issuer ?? base)
      .setAudience(o.audience)
      .setIssuedAt(Math.min(now, exp - 3600))
      .setNotBefore(Math.min(now, exp - 3600))
      .setExpirationTime(exp)
      .sign(key);
  };
  return {
    issuer: base,
    metadataUrl: `${base}/.well-known/openid-configuration`,
    token: (o) => sign(o.forged ? impostor.privateKey : published.privateKey, o),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
