import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { brin4 } from '../identity/schemas.ts';
import { KEY_HEADER, KEY_PATTERN } from '../idempotency/idempotency.ts';
import { tekst } from '../shared/validation.ts';
import { GeenDuoBron, TestDuoBron, type DuoBron } from './aanmelding/duo-bron.ts';
import { aanmeldingInvoer, studentInvoer } from './aanmelding/invoer.ts';
import { AanmeldService } from './aanmelding/service.ts';
import { DOMEIN } from './catalogus/deeplink.ts';
import { CatalogusService } from './catalogus/service.ts';
import { KoppelpuntService } from './koppelpunt/service.ts';
import { registerBewaartermijnRoutes } from './bewaartermijn/routes.ts';
import { registerCaStatistiekRoutes } from './statistiek/routes.ts';
import { aanmeldingUitvoer, caKetenId, koppelpuntParams, opleidingUitvoer, sisBerichtUitvoer, sisOverzichtUitvoer } from './schemas.ts';

const TAG = 'centraal-aanmelden';
const BASIS = '/api/v1/centraal-aanmelden';
/** The front end may resend a registration or withdrawal whose answer it lost, with the same key (see src/idempotency/). */
const idempotencyKey = z.looseObject({
  [KEY_HEADER]: z.string().regex(KEY_PATTERN, 'Idempotency-Key: 1 tot 255 tekens, bij voorkeur een UUID tussen aanhalingstekens').optional()
    .describe('Maakt het verzoek herhaalbaar: een herhaling met dezelfde sleutel (24 uur geldig) krijgt het eerste antwoord, zonder tweede aanmelding'),
});

/**
 * Centraal Aanmelden (spec §17, Appendix A). The DUO source is the local test source until the DUO
 * link exists (in production: none, and registering is refused); students reach the registration routes through the CA front end (soort
 * `centraal-aanmelden`), SIS through their koppelpunt.
 */
export function registerCentraalAanmeldenRoutes(app: FastifyInstance, ctx: AppContext, duo?: DuoBron) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Synthetic persons only outside production (development, tests, the demo).
  const aanmelden = new AanmeldService(ctx, duo ?? (ctx.config.env === 'production' ? new GeenDuoBron() : new TestDuoBron()));
  const koppelpunten = new KoppelpuntService(ctx);
  const catalogus = new CatalogusService(ctx);
  registerCaStatistiekRoutes(app, ctx);
  registerBewaartermijnRoutes(app, ctx);

  api.get(`${BASIS}/instellingen/:brin/opleidingen`, {
    schema: {
      tags: [TAG], operationId: 'getCaOpleidingen', summary: 'Het aanbod van een instelling (binnen haar whitelist)',
      params: z.object({ brin: brin4 }), response: { 200: z.object({ opleidingen: z.array(opleidingUitvoer) }).describe('Het aanbod') }, 'x-fouten': { 404: 'Geen instelling met deze BRIN' },
    },
  }, async (req) => catalogus.aanbod(req.params.brin));

  api.put(`${BASIS}/instellingen/:brin/whitelist`, {
    schema: {
      tags: [TAG], operationId: 'putCaWhitelist', summary: 'Whitelist van de instelling: aan (met deze opleidingen) of uit',
      params: z.object({ brin: brin4 }), body: z.strictObject({ actief: z.boolean(), aanbodCodes: z.array(tekst().min(1).max(64)).max(5000) }),
      response: { 200: z.object({ actief: z.boolean(), aanbodCodes: z.array(z.string()) }).describe('De whitelist zoals hij nu is') }, 'x-fouten': { 403: 'Alleen voor de instelling zelf of beheer', 404: 'Geen instelling met deze BRIN' },
    },
  }, async (req) => catalogus.zetWhitelist(requireSoort(req, 'mbo-instelling', 'beheer'), req.params.brin, req.body, req.traceId));

  api.put(`${BASIS}/opleidingen/:aanbodCode/cohorten/:cohort/toegangscode`, {
    schema: {
      tags: [TAG], operationId: 'putCaToegangscode', summary: 'Toegangscode van een cohort (numerus fixus) zetten of weghalen (null)',
      params: z.object({ aanbodCode: tekst().min(1).max(64), cohort: tekst().min(1).max(32) }),
      body: z.strictObject({ toegangscode: tekst().min(6).max(64).nullable() }), response: { 200: z.object({ toegangscode: z.boolean() }).describe('Of het cohort nu een toegangscode vraagt') }, 'x-fouten': { 403: 'Alleen voor de instelling zelf of beheer', 404: 'Geen opleiding of cohort met deze code' },
    },
  }, async (req) => catalogus.zetToegangscode(requireSoort(req, 'mbo-instelling', 'beheer'), req.params.aanbodCode, req.params.cohort, req.body.toegangscode, req.traceId));

  api.put(`${BASIS}/instellingen/:brin/domeinen`, {
    schema: {
      tags: [TAG], operationId: 'putCaDomeinen', summary: 'Domeinen waarnaar een deeplink mag terugkeren (returnUrl)',
      params: z.object({ brin: brin4 }), body: z.strictObject({ domeinen: z.array(z.string().toLowerCase().regex(DOMEIN, 'domein: een domeinnaam zoals roc.nl, zonder https:// of pad')).max(20) }),
      response: { 200: z.object({ domeinen: z.array(z.string()) }).describe('De toegestane domeinen') }, 'x-fouten': { 403: 'Alleen voor de instelling zelf of beheer', 404: 'Geen instelling met deze BRIN' },
    },
  }, async (req) => catalogus.zetDomeinen(requireSoort(req, 'mbo-instelling', 'beheer'), req.params.brin, req.body.domeinen, req.traceId));

  api.get(`${BASIS}/opleidingen/:aanbodCode/deeplink`, {
    schema: {
      tags: [TAG], operationId: 'getCaDeeplink', summary: 'Deeplink naar een opleiding; de returnUrl alleen voor toegestane domeinen',
      params: z.object({ aanbodCode: tekst().min(1).max(64) }), querystring: z.strictObject({ returnUrl: z.url('returnUrl: een URL').max(2000).optional() }),
      response: { 200: z.object({ deeplink: z.string(), returnUrlGehonoreerd: z.boolean() }).describe('De deeplink') }, 'x-fouten': { 404: 'Geen opleiding met deze code' },
    },
  }, async (req) => catalogus.deeplink(req.params.aanbodCode, req.query.returnUrl));

  api.post(`${BASIS}/aanmeldingen`, {
    schema: {
      tags: [TAG], operationId: 'postCaAanmelding', summary: 'Een aanmelding indienen voor een (via DigiD) geïdentificeerde student',
      headers: idempotencyKey, body: aanmeldingInvoer, response: { 201: aanmeldingUitvoer.describe('De ingediende aanmelding; bij een herhaald verzoek met dezelfde Idempotency-Key het eerste antwoord') },
      'x-fouten': { 403: 'Alleen voor Centraal Aanmelden', 404: 'Persoon of opleiding onbekend', 409: 'De student is al aangemeld voor deze opleiding en dit cohort', 422: 'De Idempotency-Key hoort bij een ander verzoek' },
    },
  }, async (req, reply) => {
    const actor = requireSoort(req, 'centraal-aanmelden');
    reply.status(201);
    return aanmelden.dienIn(actor, req.body, req.traceId, req.headers[KEY_HEADER]);
  });

  // A POST search: the BSN stays out of the URL (spec §18).
  api.post(`${BASIS}/aanmeldingen/zoeken`, {
    schema: {
      tags: [TAG], operationId: 'searchCaAanmeldingen', summary: 'Alle aanmeldingen van een student, met status',
      body: studentInvoer, response: { 200: z.object({ aanmeldingen: z.array(aanmeldingUitvoer) }).describe('De aanmeldingen van de student') }, 'x-fouten': { 403: 'Alleen voor Centraal Aanmelden' },
    },
  }, async (req) => aanmelden.vanStudent(requireSoort(req, 'centraal-aanmelden'), req.body, req.traceId));

  api.post(`${BASIS}/aanmeldingen/:caKetenId/intrekking`, {
    schema: {
      tags: [TAG], operationId: 'postCaIntrekking', summary: 'De student trekt een aanmelding in (bij INGEDIEND of OA)',
      headers: idempotencyKey, params: z.object({ caKetenId }), body: studentInvoer, response: { 200: aanmeldingUitvoer.describe('De ingetrokken aanmelding') },
      'x-fouten': { 403: 'Alleen voor Centraal Aanmelden', 404: 'Geen aanmelding met dit caKetenId voor deze student', 409: 'Intrekken kan alleen bij INGEDIEND of OA', 422: 'De Idempotency-Key hoort bij een ander verzoek' },
    },
  }, async (req) => aanmelden.trekIn(requireSoort(req, 'centraal-aanmelden'), req.params.caKetenId, req.body, req.traceId, req.headers[KEY_HEADER]));

  api.get(`${BASIS}/koppelpunten/:code/aanmeldingen`, {
    schema: {
      tags: [TAG], operationId: 'getCaKoppelpuntAanmeldingen', summary: 'Nieuwe aanmeldingen en intrekkingen ophalen (tot ze bevestigd zijn)',
      params: koppelpuntParams, querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ aanmeldingen: z.array(sisBerichtUitvoer) }).describe('De open berichten voor het SIS') }, 'x-fouten': { 403: 'Alleen voor de instelling van het koppelpunt of haar leverancier met mandaat', 404: 'Geen actieve school gevonden voor deze koppelpuntcode (hoofdlettergevoelig)' },
    },
  }, async (req) => koppelpunten.haalOp(requireSoort(req, 'mbo-instelling', 'leverancier'), req.params.code, req.query.limit, req.traceId));

  api.post(`${BASIS}/koppelpunten/:code/aanmeldingen/bevestigingen`, {
    schema: {
      tags: [TAG], operationId: 'postCaBevestigingen', summary: 'Opgehaalde berichten bevestigen',
      params: koppelpuntParams, body: z.strictObject({ berichtIds: z.array(z.string().regex(/^[1-9][0-9]{0,17}$/, 'berichtId: zoals opgehaald')).min(1).max(1000) }),
      response: { 200: z.object({ bevestigd: z.number(), nietOpen: z.array(z.string()) }).describe('Hoeveel berichten bevestigd zijn') }, 'x-fouten': { 403: 'Alleen voor de instelling van het koppelpunt of haar leverancier met mandaat', 404: 'Geen actieve school gevonden voor deze koppelpuntcode (hoofdlettergevoelig)' },
    },
  }, async (req) => koppelpunten.bevestig(requireSoort(req, 'mbo-instelling', 'leverancier'), req.params.code, req.body.berichtIds, req.traceId));

  api.post(`${BASIS}/koppelpunten/:code/aanmeldingen/foutmeldingen`, {
    schema: {
      tags: [TAG], operationId: 'postCaFoutmeldingen', summary: 'Foutmeldingen per aanmelding melden',
      params: koppelpuntParams, body: z.strictObject({ foutmeldingen: z.array(z.strictObject({ caKetenId, melding: tekst().min(1).max(1000) })).min(1).max(1000) }),
      response: { 200: z.object({ geregistreerd: z.number() }).describe('Hoeveel foutmeldingen geregistreerd zijn') }, 'x-fouten': { 403: 'Alleen voor de instelling van het koppelpunt of haar leverancier met mandaat', 404: 'Geen actieve school gevonden voor deze koppelpuntcode (hoofdlettergevoelig)' },
    },
  }, async (req) => koppelpunten.meldFouten(requireSoort(req, 'mbo-instelling', 'leverancier'), req.params.code, req.body.foutmeldingen, req.traceId));

  api.post(`${BASIS}/koppelpunten/:code/aanmeldingen/opnieuw`, {
    schema: {
      tags: [TAG], operationId: 'postCaOpnieuw', summary: 'Aanmeldingen van het afgelopen jaar opnieuw klaarzetten',
      params: koppelpuntParams, body: z.strictObject({ caKetenIds: z.array(caKetenId).min(1).max(1000) }),
      response: { 200: z.object({ klaargezet: z.number() }).describe('Hoeveel aanmeldingen opnieuw klaarstaan') }, 'x-fouten': { 403: 'Alleen voor de instelling van het koppelpunt of haar leverancier met mandaat', 404: 'Geen actieve school gevonden voor deze koppelpuntcode (hoofdlettergevoelig)' },
    },
  }, async (req) => koppelpunten.opnieuw(requireSoort(req, 'mbo-instelling', 'leverancier', 'beheer'), req.params.code, req.body.caKetenIds, req.traceId));

  api.get(`${BASIS}/koppelpunten/:code/overzicht`, {
    schema: {
      tags: [TAG], operationId: 'getCaKoppelpuntOverzicht', summary: 'Per aanmelding: opgehaald, niet opgehaald of heeft foutmeldingen',
      params: koppelpuntParams, response: { 200: sisOverzichtUitvoer.describe('De stand per aanmelding') }, 'x-fouten': { 403: 'Alleen voor de instelling van het koppelpunt of haar leverancier met mandaat', 404: 'Geen actieve school gevonden voor deze koppelpuntcode (hoofdlettergevoelig)' },
    },
  }, async (req) => koppelpunten.overzicht(requireSoort(req, 'mbo-instelling', 'leverancier', 'beheer'), req.params.code, req.traceId));

  api.put(`/api/v1/beheer/centraal-aanmelden/koppelpunten/:code`, {
    schema: {
      tags: ['beheer'], operationId: 'putCaKoppelpunt', summary: 'Koppelpunt van een instelling vastleggen',
      params: koppelpuntParams,
      body: z.strictObject({ brin: brin4, onderwijsaanbieders: z.array(tekst().min(1).max(32)).max(100).default([]), actief: z.boolean().default(true) }),
      response: { 200: z.object({ koppelpuntcode: z.string(), brin: z.string(), onderwijsaanbieders: z.array(z.string()), actief: z.boolean() }).describe('Het koppelpunt') }, 'x-fouten': { 403: 'Alleen voor beheer', 404: 'Geen mbo-instelling met deze BRIN' },
    },
  }, async (req) => koppelpunten.zetKoppelpunt(requireSoort(req, 'beheer'), req.params.code, req.body, req.traceId));
}
