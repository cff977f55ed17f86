/**
 * Outgoing e-mail behind one interface. The hub ships no mail transport (no SMTP dependency): an
 * operator that wants the retention warnings of Centraal Aanmelden sent plugs an implementation into
 * the context (`ctx.mailer`); without one, what would have been sent is recorded as not sent and logged.
 */
export interface MailBericht {
  aan: string;
  onderwerp: string;
  tekst: string;
}

export interface Mailer {
  /** Resolves once the message is accepted for delivery; rejects when it was not. */
  verstuur(bericht: MailBericht): Promise<void>;
}

/**
 * The test outbox: keeps every message in memory instead of sending it. Tests (and a developer
 * wiring it into a local hub) read `berichten`; `weiger` makes the next sends fail, to test that path.
 */
export class Postbus implements Mailer {
  readonly berichten: (MailBericht & { verstuurd: Date })[] = [];
  weiger = false;

  async verstuur(bericht: MailBericht): Promise<void> {
    if (this.weiger) throw new Error('postbus: verzenden geweigerd (test)');
    this.berichten.push({ ...bericht, verstuurd: new Date() });
  }

  aan(adres: string): MailBericht[] {
    return this.berichten.filter((b) => b.aan === adres);
  }
}
