/**
 * The PouchDB class behind the embedded server: pouchdb-core with one storage adapter and map/reduce.
 * Memory for tests (gone when the process ends), leveldb in a data folder otherwise.
 * Views index 500 changes a step (PouchDB's default is 50): fewer, larger index writes while a backlog drains.
 */
import fs from 'node:fs';
import path from 'node:path';
import PouchDBCore from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import { compiledMapReduce } from './mapreduce';

/** The parts of a PouchDB database the embedded routes use directly. */
export interface PouchDatabase {
  get(id: string, opts?: Record<string, unknown>): Promise<any>;
  changes(opts: Record<string, unknown>): PouchChanges;
  info(): Promise<{ update_seq: unknown }>;
  close(): Promise<void>;
}
export interface PouchChanges extends PromiseLike<{ results: unknown[]; last_seq: unknown }> {
  on(event: 'change', fn: (change: { seq: unknown }) => void): PouchChanges;
  on(event: 'error', fn: (err: unknown) => void): PouchChanges;
  on(event: 'complete', fn: () => void): PouchChanges;
  cancel(): void;
}
/** A PouchDB constructor (with defaults applied); typed loosely because the packages ship no types. */
export type PouchClass = any;

export interface StorageOptions {
  memory: boolean;
  /** leveldb folder; default ./data/ (created if missing) */
  dataDir?: string;
}

const VIEW_BATCH = 500;

export function createPouchClass(opts: StorageOptions): PouchClass {
  if (opts.memory) {
    return PouchDBCore.plugin(memoryAdapter).plugin(compiledMapReduce).defaults({ adapter: 'memory', view_update_changes_batch_size: VIEW_BATCH });
  }
  const dir = path.resolve(opts.dataDir ?? './data/');
  fs.mkdirSync(dir, { recursive: true });
  // leveldb names each database `${prefix}${name}`, so the prefix must end with a separator.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return PouchDBCore.plugin(leveldbAdapter).plugin(compiledMapReduce).defaults({ adapter: 'leveldb', prefix, view_update_changes_batch_size: VIEW_BATCH });
}
