import type { MailBericht } from '../../mail/mailer.ts';

const DATUM = { nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }), en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }) };

/**
 * The warning before deletion (spec §17), in the student's language. It names no BSN and no
 * registration: an e-mail is not a safe channel, and logging in shows everything.
 */
export function waarschuwingsmail(aan: string, taal: 'nl' | 'en', verwijderOp: Date, portaal: string): MailBericht {
  const datum = DATUM[taal].format(verwijderOp);
  return taal === 'en'
    ? {
      aan, onderwerp: 'Your Centraal Aanmelden mbo account will be deleted',
      tekst: `You have not used your Centraal Aanmelden mbo account for almost a year. On ${datum} it will be deleted, with your registrations, as the law on data protection requires.\n\n`
        + `Do you want to keep it? Log in before that date: ${portaal}\n\nThe schools you registered with keep their own records.`,
    }
    : {
      aan, onderwerp: 'Uw omgeving bij Centraal Aanmelden mbo wordt verwijderd',
      tekst: `U hebt uw omgeving bij Centraal Aanmelden mbo bijna een jaar niet gebruikt. Op ${datum} verwijderen wij haar, met uw aanmeldingen, zoals de privacywet vraagt.\n\n`
        + `Wilt u haar houden? Log dan vóór die datum in: ${portaal}\n\nDe scholen waar u zich aanmeldde, houden hun eigen gegevens.`,
    };
}
