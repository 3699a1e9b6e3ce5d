/** @module Latchkey's migrations in order, as code, so they ship inside the package. */
import type { Migration } from 'kysely';
import type { LatchkeyTableNames } from '../schema.js';
import { initialMigration } from './2026_11_21_001_initial.js';

/** Every migration by name; names sort in the order they must run. */
export function latchkeyMigrations(tables: LatchkeyTableNames): Record<string, Migration> {
  return {
    '2026_11_21_001_initial': initialMigration(tables),
  };
}
