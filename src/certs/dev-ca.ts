import 'reflect-metadata'; // @peculiar/x509 uses tsyringe, which needs it
import { webcrypto } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

async function pemKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

const escapeDn = (v: string) => v.replace(/([,+"\\<>;=])/g, '\\$1');

export interface IssuedCert {
  cert: string;
  key: string;
}

/**
 * A local test CA in the shape of PKIoverheid: client certificates carry the organisation's OIN in
 * the Subject serialNumber (OID 2.5.4.5), which is where the hub reads it. For development only.
 */
export class DevCa {
  private constructor(private readonly caCert: x509.X509Certificate, private readonly caKeys: CryptoKeyPair, readonly caKeyPem: string) {}

  static async create(): Promise<DevCa> {
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=open-vva test-CA (niet voor productie), O=open-vva, C=NL', keys, signingAlgorithm: alg,
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3650 * DAY),
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    return new DevCa(cert, keys, await pemKey(keys.privateKey));
  }

  get caPem(): string {
    return this.caCert.toString('pem') + '\n';
  }

  private async issue(subject: string, extensions: x509.Extension[]): Promise<IssuedCert> {
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      subject, issuer: this.caCert.subject, publicKey: keys.publicKey, signingKey: this.caKeys.privateKey, signingAlgorithm: alg,
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 825 * DAY),
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true), ...extensions],
    });
    return { cert: cert.toString('pem') + '\n', key: await pemKey(keys.privateKey) };
  }

  issueServer(hosts: string[] = ['localhost', '127.0.0.1', '::1']): Promise<IssuedCert> {
    const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }));
    return this.issue('CN=localhost, O=open-vva hub, C=NL', [
      new x509.SubjectAlternativeNameExtension(san), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ]);
  }

  issueClient(oin: string, naam: string): Promise<IssuedCert> {
    return this.issue(`CN=${escapeDn(naam)}, O=${escapeDn(naam)}, 2.5.4.5=${oin}, C=NL`, [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ]);
  }
}

/** `vva certs dev`: writes ca.pem, server.pem/-key.pem and one pair per party into `dir`. */
export async function writeDevCertificates(dir: string, parties: { oin: string; naam: string }[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const ca = await DevCa.create();
  const written: string[] = [];
  const write = async (name: string, content: string, mode = 0o644) => {
    const file = path.join(dir, name);
    await writeFile(file, content, { mode });
    written.push(file);
  };
  await write('ca.pem', ca.caPem);
  await write('ca-key.pem', ca.caKeyPem, 0o600);
  const server = await ca.issueServer();
  await write('server.pem', server.cert);
  await write('server-key.pem', server.key, 0o600);
  for (const p of parties) {
    const client = await ca.issueClient(p.oin, p.naam);
    await write(`${p.oin}.pem`, client.cert);
    await write(`${p.oin}-key.pem`, client.key, 0o600);
  }
  return written;
}
