import { Agent } from 'undici';
import type { AppContext } from '../app/context.ts';
import { guardedConnector } from './target-guard.ts';

/** The HTTP client of every request to a webhook: in production it connects to public addresses only. */
export function webhookAgent(ctx: AppContext, opts: Agent.Options = {}): Agent {
  return new Agent({ ...opts, ...(ctx.config.delivery.publicTargetsOnly ? { connect: guardedConnector() } : {}) });
}
