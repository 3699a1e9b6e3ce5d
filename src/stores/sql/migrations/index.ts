/** @module Latchkey's migrations in order, as code, so they ship inside the package. */
import type { Migration } from 'kysely';
import type { LatchkeyTableNames } from '../schema.js';
import { initialMigration } from './2026_11_21_001_initial.js';
import { invalidationLogMigration } from './2026_12_03_010_invalidation_log.js';

/** Every migration by name; names sort in the order they must run. */
export function latchkeyMigrations(tables: LatchkeyTableNames): Record<string, Migration> {
  return {
    '2026_11_21_001_initial': initialMigration(tables),
    '2026_12_03_010_invalidation_log': invalidationLogMigration(tables),
  };
}
