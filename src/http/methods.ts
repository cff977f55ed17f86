/** A route pattern (`/api/v1/uploads/:id`, `/beheer/static/*`) as a regular expression over a raw path. */
function patternOf(url: string): RegExp {
  const source = url.split(/(:[A-Za-z0-9_]+|\*)/).map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`);
}

/**
 * The methods with which a path does exist, for a request that matched no route: the hub then answers
 * 405 with `Allow` (RFC 9110 §15.5.6) instead of 404, so a client learns it used the wrong method,
 * not a wrong address. Patterns are compiled once, at the first request that needs them.
 */
export function methodenVoorPad(): (routes: readonly { method: string; url: string }[], url: string) => string[] {
  let compiled: { method: string; pattern: RegExp }[] | null = null;
  return (routes, url) => {
    compiled ??= routes.map((r) => ({ method: r.method, pattern: patternOf(r.url) }));
    const path = url.split('?')[0]!;
    return [...new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
  };
}
