declare module 'express-pouchdb' {
  function expressPouchDB(PouchDB: unknown, opts?: Record<string, unknown>): any;
  export = expressPouchDB;
}
declare module 'pouchdb-core';
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-leveldb';
declare module 'pouchdb-mapreduce';
