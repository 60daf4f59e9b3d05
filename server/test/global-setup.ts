import { buildTemplates } from './db';

export default async function setup(): Promise<void> {
  if (process.env.CI && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the suite would be skipped.');
  }
  await buildTemplates();
}
