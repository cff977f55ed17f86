/**
 * Named (prepared) statements: a session parses and plans a statement's text once and then only binds
 * and executes it. The hub's statements are few fixed texts, run thousands of times, and their parse
 * and plan took longer than their execution (docs/benchmarks.md, B2). A text gets a name the first time
 * it is run with parameters; past MAX_NAMED texts (a query built at run time), the rest run unnamed, so
 * no session collects statements without bound. Both engines name their statements here.
 */
const MAX_NAMED = 2000;

export class StatementNames {
  readonly #names = new Map<string, string>();
  #next = 1;

  /** The name of this text, or undefined: it runs unnamed. */
  of(sql: string): string | undefined {
    const known = this.#names.get(sql);
    if (known || this.#names.size >= MAX_NAMED) return known;
    const name = `vva_${this.#next++}`;
    this.#names.set(sql, name);
    return name;
  }

  /** The text's statement went stale (a schema change under it): its next run prepares it anew, under a new name. */
  retire(sql: string): void {
    this.#names.delete(sql);
  }
}
