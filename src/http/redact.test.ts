import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { redact, redactingSerializers } from './redact.ts';

describe('redact (spec §1: no PGN in logs)', () => {
  it.each([
    ['/api/v1/vo-scholen/18BR/overzicht?pgn=123456782', '/api/v1/vo-scholen/18BR/overzicht?pgn=[pgn]'],
    ['Key (pgn)=(123456782) already exists.', 'Key (pgn)=([pgn]) already exists.'],
    ['adres 9406NN 202 en 1011 AH', 'adres [postcode] 202 en [postcode]'],
    ['a UUID 0196f000-0000-7000-8000-000000000001 and 1234567890 (ten digits) stay', 'a UUID 0196f000-0000-7000-8000-000000000001 and 1234567890 (ten digits) stay'],
  ])('%s', (input, output) => expect(redact(input)).toBe(output));
});

const lines: string[] = [];
let hub: TestHub;
beforeAll(async () => {
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  hub = await createTestHub({ app: { logger: { level: 'info', stream, serializers: redactingSerializers } as never } });
  await hub.party(demo('vo-school').oin);
});
afterAll(() => hub.close());

describe('the request log', () => {
  it('holds no PGN that a client put in a URL, refused or not', async () => {
    const token = hub.tokenOf(demo('vo-school').oin);
    await hub.app.inject({ url: '/api/v1/vo-scholen/18BR/overzicht?pgn=123456782' });
    await hub.app.inject({ url: '/api/v1/vo-scholen/18BR/overzicht?overstapstatus=123456782', headers: { authorization: `Bearer ${token}` } });
    await hub.app.inject({ url: '/api/v1/leerlingen/123456782', headers: { authorization: `Bearer ${token}` } });
    const log = lines.join('');
    expect(log).toContain('/api/v1/vo-scholen/18BR/overzicht'); // the requests were logged …
    expect(log).toContain('[pgn]');
    expect(log).not.toContain('123456782'); // … without the number
  });
});
