/**
 * Opens an existing database the way express-pouchdb's own routes do, so our routes share its cached
 * PouchDB instances (live changes and writes then see each other) and never create a database by
 * looking at it. Relies on two internal modules of express-pouchdb 4.2.0 (pinned).
 */
import type { PouchClass, PouchDatabase } from './pouch';

const { getOrCreateDB } = require('express-pouchdb/lib/create-or-delete-dbs') as {
  getOrCreateDB(PouchDB: PouchClass, name: string): Promise<PouchDatabase>;
};
const cleanFilename = require('express-pouchdb/lib/clean-filename') as (name: string) => string;

/** The express-pouchdb sub-app: it wraps every database it hands out. */
interface PouchApp {
  dbWrapper: { wrap(name: string, db: PouchDatabase): Promise<PouchDatabase> };
}

export type OpenDb = (name: string) => Promise<PouchDatabase | undefined>;

export function dbOpener(PouchDB: PouchClass, pouchApp: PouchApp): OpenDb {
  return async (rawName) => {
    const name = cleanFilename(rawName);
    const names: string[] = await PouchDB.allDbs();
    if (!names.includes(name)) return undefined;
    const db = await getOrCreateDB(PouchDB, name);
    return pouchApp.dbWrapper.wrap(name, db);
  };
}
