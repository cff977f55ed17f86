/**
 * The hub's register of processing activities (AVG art. 30), as the Logboek Dataverwerkingen refers
 * to it: every audit record names its activity by `doel` (the part before a colon, so that
 * `beheer: <reden>` is the activity `beheer`). One list, served at /api/v1/verwerkingsactiviteiten.
 */
export interface Verwerkingsactiviteit {
  id: string;
  naam: string;
  doel: string;
  grondslag: string;
  betrokkenen: string;
  gegevens: string;
  ontvangers: string;
  bewaartermijn: string;
}

const WETTEN = 'WVO 2020 art. 27d, WEC art. 42b, WEB art. 8.0.2 en 8.0.3 (aanmelddatum en toelatingsrecht mbo)';
const CYCLUS = 'tot de purge na afloop van de cyclus (1 november); het auditspoor onder pseudoniem blijft';

export const VERWERKINGSACTIVITEITEN: readonly Verwerkingsactiviteit[] = [
  {
    id: 'vva-uitwisseling', naam: 'Ontvangen van mbo-gangers en aanmeldstatussen', doel: 'Leerlingen die van vo naar mbo gaan in beeld houden tot zij ingeschreven zijn',
    grondslag: WETTEN, betrokkenen: 'Leerlingen van vo-scholen die naar het mbo kunnen gaan', gegevens: 'PGN, adres, vo-school, aanmeldingen en hun status',
    ontvangers: 'de hub', bewaartermijn: CYCLUS,
  },
  {
    id: 'vva-levering', naam: 'Leveren van statussen aan vo-scholen, Centraal Aanmelden en overstapsystemen', doel: 'De latende school en de regio laten zien waar een leerling staat',
    grondslag: WETTEN, betrokkenen: 'Als hierboven', gegevens: 'PGN, aanmeldstatus, mbo-instelling, opleiding',
    ontvangers: 'vo-scholen (of hun leverancier), Centraal Aanmelden, overstapsystemen van de regio', bewaartermijn: 'geleverde berichten 30 dagen na bevestiging; verder als hierboven',
  },
  {
    id: 'vva-signalering', naam: 'Signaleren aan gemeenten (leerplicht en RMC)', doel: 'Leerlingen zonder aanmelding of inschrijving op tijd in beeld brengen bij hun gemeente',
    grondslag: `${WETTEN}; Leerplichtwet 1969 en de RMC-taak`, betrokkenen: 'Inwoners zonder startkwalificatie die niet (meer) aangemeld of ingeschreven zijn', gegevens: 'PGN, adres, signaal, vo-school',
    ontvangers: 'de gemeente van het woonadres (of het RMC-eindpunt waaraan zij delegeert)', bewaartermijn: CYCLUS,
  },
  {
    id: 'overstap-begeleiding', naam: 'Regionale overstapbegeleiding', doel: 'Een regionaal overstapsysteem volgt de leerlingen die het heeft aangemeld',
    grondslag: `${WETTEN}; regionale afspraken over overstapbegeleiding`, betrokkenen: 'Leerlingen die het overstapsysteem heeft geregistreerd', gegevens: 'PGN, aanmeldstatussen',
    ontvangers: 'het overstapsysteem', bewaartermijn: CYCLUS,
  },
  {
    id: 'centraal-aanmelden', naam: 'Centraal Aanmelden mbo (aanmelden, en doorgeven aan het SIS van de instelling)',
    doel: 'Een student meldt zich centraal aan bij een mbo-opleiding; de instelling haalt de aanmelding op en meldt de status terug',
    grondslag: WETTEN, betrokkenen: 'Studenten die zich via Centraal Aanmelden aanmelden, en hun ouders of verzorgers',
    gegevens: 'BSN, naam, geboortedatum, adres om te delen (nooit een geheim adres), contactgegevens, ouders/verzorgers, vooropleiding (DUO), opleiding en cohort, status',
    ontvangers: 'de mbo-instelling van de aanmelding (haar SIS, of haar leverancier met mandaat)',
    bewaartermijn: 'een jaar na de laatste activiteit, na een waarschuwing per e-mail een maand ervoor; een omgeving zonder ingediende aanmelding na drie maanden; op verzoek direct (spec §17); de statistiek van meervoudige aanmeldingen (alleen aantallen) en het auditspoor onder pseudoniem blijven',
  },
  {
    id: 'beheer', naam: 'Beheer van de voorziening', doel: 'Organisaties, toegang, levering en kalender beheren; een pgn alleen inzien met een vastgelegde reden',
    grondslag: 'AVG art. 5 lid 2 en art. 32 (verantwoording en beveiliging)', betrokkenen: 'Leerlingen (alleen bij een opzoeking met reden), beheerders', gegevens: 'metagegevens, aantallen, pseudoniemen',
    ontvangers: 'beheerders van de hub', bewaartermijn: 'auditspoor onder pseudoniem, zonder einddatum',
  },
  {
    id: 'autorisatie', naam: 'Toegangscontrole', doel: 'Weigeren en vastleggen van verzoeken buiten de eigen rechten (spec §12)',
    grondslag: 'AVG art. 32', betrokkenen: 'Leerlingen op wie een geweigerd verzoek betrekking had', gegevens: 'pseudoniem, organisatie, actie',
    ontvangers: 'beheerders van de hub', bewaartermijn: 'auditspoor onder pseudoniem, zonder einddatum',
  },
  {
    id: 'bewaartermijn', naam: 'Vernietiging na afloop van de bewaartermijn (de cyclus; bij Centraal Aanmelden de eigen termijn)', doel: 'Persoonsgegevens verwijderen zodra hun termijn voorbij is, en dat aantonen',
    grondslag: 'AVG art. 5 lid 1 onder e (opslagbeperking)', betrokkenen: 'Alle leerlingen van de cyclus; studenten van Centraal Aanmelden wier termijn voorbij is', gegevens: 'geen: alleen aantallen (en bij Centraal Aanmelden het e-mailadres voor de waarschuwing)',
    ontvangers: 'beheerders en de functionaris gegevensbescherming (opschoonverslag, bewaarverslag); de student (waarschuwing per e-mail)', bewaartermijn: 'opschoonverslag en bewaarverslag zonder einddatum',
  },
];

const DOEL_ALIAS: Record<string, string> = { levering: 'vva-levering' };

/** The activity an audit record's `doel` belongs to; undefined for a purpose the register does not know. */
export function activiteitVan(doel: string): Verwerkingsactiviteit | undefined {
  const id = doel.split(':')[0]!.trim();
  return VERWERKINGSACTIVITEITEN.find((a) => a.id === (DOEL_ALIAS[id] ?? id));
}
