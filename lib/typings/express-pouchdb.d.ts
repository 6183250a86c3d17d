declare module 'express-pouchdb' {
  function expressPouchDB(PouchDB: unknown, opts?: Record<string, unknown>): any;
  export = expressPouchDB;
}
declare module 'pouchdb-core';
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-leveldb';
declare module 'pouchdb-abstract-mapreduce' {
  type Fn = (...args: any[]) => any;
  interface AbstractMapReduce {
    query: Fn;
    viewCleanup: Fn;
  }
  export default function createAbstractMapReduce(localDocName: string, mapper: Fn, reducer: Fn, ddocValidator: Fn): AbstractMapReduce;
}
declare module 'pouchdb-mapreduce-utils' {
  export class NotFoundError extends Error {
    constructor(message?: string);
  }
  export class BuiltInError extends Error {
    constructor(message?: string);
  }
}
