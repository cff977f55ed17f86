/** `npm run bench:b2`: B2 alone (N pupils, default 5,000), on PostgreSQL when DATABASE_URL is set. */
import { b2 } from './b2.ts';
console.log(await b2(process.env.DATABASE_URL ? 'postgres' : 'pglite', Number(process.env.N ?? 5000)));
process.exit(0);
