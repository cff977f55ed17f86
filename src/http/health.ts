import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from './auth.ts';
import type { Db } from '../db/db.ts';
import { migrationStatus } from '../db/migrate.ts';

/** `/health`: ok only when the database answers and every migration is applied (load balancers use it). */
export function registerHealth(app: FastifyInstance, db: Db) {
  app.get('/health', { schema: { hide: true }, config: PUBLIC_ROUTE }, async (_req, reply) => {
    let database: 'ok' | 'onbereikbaar' = 'ok';
    let migraties: 'actueel' | 'achter' | 'onbekend' = 'onbekend';
    try {
      await db.query('select 1');
      const status = await migrationStatus(db);
      migraties = status.current ? 'actueel' : 'achter';
    } catch {
      database = 'onbereikbaar';
    }
    const ok = database === 'ok' && migraties === 'actueel';
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'niet-gereed', database, migraties, engine: db.engine };
  });
}
