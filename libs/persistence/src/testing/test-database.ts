/**
 * The PostgreSQL the end-to-end tests use. The machine and CI have one on 127.0.0.1:5432;
 * tests that need it fail (never skip) when it is missing.
 */
export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** The NATS the end-to-end tests use. */
export function testNatsUrl(): string {
  return process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
}
