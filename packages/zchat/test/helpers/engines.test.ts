// The private engines the store and cluster tests run against: each starts on a free loopback port, answers,
// and is gone after stop().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import pg from 'pg';
import { postgresSkipReason, startPostgres } from './postgres-server.js';
import { redisSkipReason, startRedis } from './redis-server.js';

test('a private redis-server answers, restarts empty on its port, and is gone after stop', { skip: redisSkipReason() ?? false }, async () => {
  const redis = await startRedis();
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    assert.equal(await client.set('k', 'v'), 'OK');
    assert.equal(await client.get('k'), 'v');
    assert.equal(await client.config('GET', 'save').then((r) => (r as string[])[1]), '');
    client.disconnect();
    await redis.kill();
    await redis.start();
    const again = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    assert.equal(await again.get('k'), null, 'nothing was persisted');
    again.disconnect();
  } finally {
    client.disconnect();
    await redis.stop();
  }
  const gone = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  gone.on('error', () => undefined);
  await assert.rejects(gone.connect());
  gone.disconnect();
});

test('a private PostgreSQL answers queries, makes databases, and is gone after stop', { skip: postgresSkipReason() ?? false }, async () => {
  const server = await startPostgres();
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const r = await client.query<{ n: number }>('SELECT 1 + 1 AS n');
    assert.equal(r.rows[0]!.n, 2);
    await client.end();
    await server.createDatabase('extra_db');
    const other = new pg.Client({ connectionString: server.urlFor('extra_db') });
    await other.connect();
    assert.equal((await other.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db, 'extra_db');
    await other.end();
  } finally {
    await server.stop();
  }
  const gone = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
  await assert.rejects(gone.connect());
});
