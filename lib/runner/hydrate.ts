/**
 * Hydration of many docs at once (spec 1.8), with bulk reads instead of CHT's per-doc round trips.
 *
 * - Contacts: `parent` chain → full parent docs (deep copies); each place's primary `contact` → the full
 *   person doc (as stored); a contact's `linked_docs` values → full docs. Missing ancestors stay
 *   `{ _id }` stubs, cycles are cut.
 * - Reports (`type: "data_record"` with a `form`): `contact` → the submitter, hydrated like a contact;
 *   `patient` from `fields.patient_id || fields.patient_uuid || patient_id` and `place` from
 *   `fields.place_id || place_id`, each looked up as a shortcode (`["shortcode", value]`) first, else as a
 *   doc id; hydrated like a contact; absent when not found.
 * - Anything else (free-text data_records, other docs): returned unchanged (a copy).
 *
 * Cost for a whole set of docs: at most one `contacts_by_reference` query (all shortcodes as `keys`,
 * run in parallel with the first read) plus one `_all_docs?keys` read per round; a round fetches the next
 * lineage level of every doc at once. Ancestor ids come from the stored (minified) lineage, so with
 * complete lineages a batch needs about 3-4 rounds whatever its size.
 *
 * vigil difference: CHT follows only the ids of the stored lineage; when the stored lineage is shorter
 * than the real one (e.g. a report whose `contact` is `{ _id }` only), vigil continues with the parents'
 * own `parent` fields, so `doc.contact.parent...` is hydrated too.
 *
 * Inputs are never mutated; every returned doc is a fresh copy sharing nothing with the inputs or with
 * other returned docs.
 */
import type { Doc, Lookups } from '../types';
import { isContact } from './contact-types';

/** Where hydration reads from. One call = one bulk request (a cache may answer part of it). */
export interface HydrationSource {
  /** docs by id; missing and deleted docs are absent from the map */
  getDocsById(ids: string[]): Promise<Map<string, Doc>>;
  /** shortcode → id of the first contact with `["shortcode", code]` in contacts_by_reference */
  contactIdsByShortcode(codes: string[]): Promise<Map<string, string>>;
  /** true when getDocsById would answer this id without a request (lets round 1 skip guesses) */
  isCached?(id: string): boolean;
}

/**
 * The source to read from: a HydrationSource as is (createLookups' result is one), else a plain `Lookups`
 * adapted (its shortcode lookups then cost one view query per distinct shortcode).
 */
export function toHydrationSource(source: HydrationSource | Lookups): HydrationSource {
  const s = source as Partial<HydrationSource> & Partial<Lookups>;
  if (typeof s.getDocsById === 'function' && typeof s.contactIdsByShortcode === 'function') return source as HydrationSource;
  const lookups = source as Lookups;
  return {
    async getDocsById(ids) {
      const docs = await lookups.getDocs(ids);
      const out = new Map<string, Doc>();
      docs.forEach((doc, i) => doc && out.set(ids[i], doc));
      return out;
    },
    async contactIdsByShortcode(codes) {
      const out = new Map<string, string>();
      await Promise.all(
        codes.map(async (code) => {
          const [id] = await lookups.contactIdsByReference('shortcode', code);
          if (id) out.set(code, id);
        }),
      );
      return out;
    },
  };
}

/** Lineages deeper than this are cut (CHT's minify refuses more than 50 levels). */
export const MAX_DEPTH = 50;
/** Safety net against a source that keeps returning new ids. */
const MAX_ROUNDS = MAX_DEPTH + 5;

const jsonCopy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** `type: "data_record"` with a `form`. */
export function isReport(doc: Doc | null | undefined): boolean {
  return !!doc && doc.type === 'data_record' && !!doc.form;
}

/** An id from a reference that may be a string or `{ _id }`. */
export function refId(item: unknown): string | undefined {
  if (!item) return undefined;
  if (typeof item === 'string') return item;
  if (typeof item === 'object' && typeof (item as any)._id === 'string' && (item as any)._id !== '') return (item as any)._id;
  return undefined;
}

const asRef = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '' || value === false) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
};

/** The raw patient and place references of a report (shortcodes or ids), as strings. */
export function subjectRefs(doc: Doc): { patient?: string; place?: string } {
  const fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
  return {
    patient: asRef(fields.patient_id) ?? asRef(fields.patient_uuid) ?? asRef(doc.patient_id),
    place: asRef(fields.place_id) ?? asRef(doc.place_id),
  };
}

/** A lineage to resolve: a root id, the stored stub of its parent chain, and (once known) the root doc. */
interface Chain {
  rootId: string;
  /** the root doc when it is one of the inputs (not fetched) */
  rootDoc?: Doc;
  /** stored lineage of the root's parent, `{ _id, parent: { _id, ... } }` (from the starting record) */
  stub?: any;
  /** the stub comes from the root doc itself once fetched (subjects) */
  stubFromRoot?: boolean;
}

type Known = Map<string, Doc | null>;

/**
 * Resolves the ids of a chain: the root, then the ids of the stored lineage (no fetch needed to know
 * them); when that stub ends, the stored lineage of the last fetched level takes over. `pending` = the
 * ids on the way that are not known yet (fetch them all in one round).
 */
function walk(chain: Chain, known: Known): { ids: string[]; pending: string[]; cycleAt?: string } {
  const ids = [chain.rootId];
  const pending: string[] = [];
  const seen = new Set(ids);
  let node: Doc | null | undefined = chain.rootDoc ?? known.get(chain.rootId);
  if (node === undefined) {
    pending.push(chain.rootId);
    if (chain.stubFromRoot) return { ids, pending };
  }
  let stub: any = chain.stubFromRoot ? node?.parent : chain.stub;
  while (ids.length <= MAX_DEPTH) {
    let nextId = refId(stub);
    if (!nextId) {
      if (!node) break; // unknown yet (wait for the fetch) or missing (the chain ends here)
      stub = node.parent;
      nextId = refId(stub);
      if (!nextId) break;
    }
    if (seen.has(nextId)) return { ids, pending, cycleAt: nextId };
    ids.push(nextId);
    seen.add(nextId);
    stub = stub.parent;
    node = known.get(nextId);
    if (node === undefined) pending.push(nextId);
  }
  return { ids, pending };
}

/** Ids a full lineage node refers to: its primary contact and (for contacts) linked docs. */
function contactRefs(doc: Doc, out: Set<string>): void {
  const id = refId(doc.contact);
  if (id) out.add(id);
  if (isContact(doc) && doc.linked_docs && typeof doc.linked_docs === 'object' && !Array.isArray(doc.linked_docs)) {
    for (const value of Object.values(doc.linked_docs)) {
      const linked = refId(value);
      if (linked) out.add(linked);
    }
  }
}

/** A copy of a lineage node with its primary contact and linked docs filled in from the known docs. */
function fillContacts(doc: Doc, known: Known): Doc {
  const contactId = refId(doc.contact);
  if (contactId) {
    const person = known.get(contactId);
    if (person) doc.contact = jsonCopy(person);
  }
  if (isContact(doc) && doc.linked_docs && typeof doc.linked_docs === 'object' && !Array.isArray(doc.linked_docs)) {
    for (const [key, value] of Object.entries(doc.linked_docs)) {
      const id = refId(value);
      const linked = id ? known.get(id) : undefined;
      if (linked) doc.linked_docs[key] = jsonCopy(linked);
    }
  }
  return doc;
}

function node(id: string, known: Known): Doc {
  const doc = known.get(id);
  return doc ? fillContacts(jsonCopy(doc), known) : { _id: id };
}

/** Sets `start.parent...` from the chain ids after the root. */
function attachParents(start: Doc, chain: Chain, known: Known): void {
  const { ids, cycleAt } = walk(chain, known);
  let cursor = start;
  for (let i = 1; i < ids.length; i++) {
    const parent = node(ids[i], known);
    cursor.parent = parent;
    cursor = parent;
  }
  if (cycleAt) cursor.parent = { _id: cycleAt };
}

/** The hydrated contact for a chain whose root is known (and not missing). */
function hydratedRoot(chain: Chain, known: Known): Doc | undefined {
  const root = chain.rootDoc ?? known.get(chain.rootId);
  if (!root) return undefined;
  const copy = fillContacts(jsonCopy(root), known);
  attachParents(copy, chain, known);
  return copy;
}

interface Plan {
  kind: 'contact' | 'report' | 'other';
  self?: Chain;
  contact?: Chain;
  patientRef?: string;
  placeRef?: string;
  patient?: Chain;
  place?: Chain;
}

export interface HydrateOptions {
  /** treat every input as a contact (hydrate its parent chain), whatever its type */
  asContacts?: boolean;
}

/** Hydrates a set of docs with as few bulk reads as the lineage depth allows. */
export async function hydrateDocs(docs: Doc[], from: HydrationSource | Lookups, opts: HydrateOptions = {}): Promise<Doc[]> {
  const source = toHydrationSource(from);
  const inputs = docs.map((d) => jsonCopy(d));
  const known: Known = new Map();
  for (const doc of inputs) if (doc && typeof doc._id === 'string') known.set(doc._id, doc);

  const plans: Plan[] = inputs.map((doc) => {
    if (!doc) return { kind: 'other' };
    if (opts.asContacts || isContact(doc)) {
      return { kind: 'contact', self: { rootId: doc._id, rootDoc: doc, stub: doc.parent } };
    }
    if (isReport(doc)) {
      const plan: Plan = { kind: 'report' };
      const contactId = refId(doc.contact);
      if (contactId) plan.contact = { rootId: contactId, stub: typeof doc.contact === 'object' ? doc.contact.parent : undefined };
      const refs = subjectRefs(doc);
      plan.patientRef = refs.patient;
      plan.placeRef = refs.place;
      return plan;
    }
    return { kind: 'other' };
  });

  const chains = (): Chain[] => {
    const out: Chain[] = [];
    for (const p of plans) {
      if (p.self) out.push(p.self);
      if (p.contact) out.push(p.contact);
      if (p.patient) out.push(p.patient);
      if (p.place) out.push(p.place);
    }
    return out;
  };

  /** every id still needed: chain levels not fetched yet, then primary contacts/linked docs of known levels */
  const needed = (): string[] => {
    const want = new Set<string>();
    for (const chain of chains()) {
      const { ids, pending } = walk(chain, known);
      for (const id of pending) want.add(id);
      const refs = new Set<string>();
      for (const id of ids) {
        const doc = id === chain.rootId && chain.rootDoc ? chain.rootDoc : known.get(id);
        if (doc) contactRefs(doc, refs);
      }
      for (const id of refs) if (!known.has(id)) want.add(id);
    }
    return [...want];
  };

  const record = (ids: string[], fetched: Map<string, Doc>) => {
    for (const id of ids) if (!known.has(id)) known.set(id, fetched.get(id) ?? null);
  };

  // Round 1: shortcodes of every subject, in parallel with the first lineage level. When that read goes
  // to the server anyway, the raw subject references ride along as candidate ids (a reference that is
  // not a shortcode is a doc id); when the cache answers everything, they are not worth a request.
  const codes = [...new Set(plans.flatMap((p) => [p.patientRef, p.placeRef]).filter((r): r is string => !!r))];
  const lineageIds = needed();
  const goesOut = lineageIds.some((id) => !source.isCached?.(id));
  const first = [...new Set([...lineageIds, ...(goesOut ? codes.filter((c) => !known.has(c)) : [])])];
  const [shortcodes, fetched] = await Promise.all([
    codes.length ? source.contactIdsByShortcode(codes) : Promise.resolve(new Map<string, string>()),
    first.length ? source.getDocsById(first) : Promise.resolve(new Map<string, Doc>()),
  ]);
  record(first, fetched);
  for (const p of plans) {
    if (p.patientRef) p.patient = { rootId: shortcodes.get(p.patientRef) ?? p.patientRef, stubFromRoot: true };
    if (p.placeRef) p.place = { rootId: shortcodes.get(p.placeRef) ?? p.placeRef, stubFromRoot: true };
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ids = needed();
    if (!ids.length) break;
    record(ids, await source.getDocsById(ids));
  }

  return inputs.map((input, i) => {
    let doc = input;
    const plan = plans[i];
    if (plan.kind === 'contact' && plan.self) return hydratedRoot(plan.self, known) as Doc;
    if (plan.kind !== 'report') return doc;
    // a new top-level object: `known` may hold this very input (as someone's subject or parent)
    doc = { ...doc };
    if (plan.contact) {
      const contact = hydratedRoot(plan.contact, known);
      if (contact) {
        doc.contact = contact;
      } else {
        const stub: Doc = { _id: plan.contact.rootId };
        attachParents(stub, plan.contact, known);
        doc.contact = stub;
      }
    }
    const patient = plan.patient && hydratedRoot(plan.patient, known);
    if (patient) doc.patient = patient;
    else delete doc.patient;
    const place = plan.place && hydratedRoot(plan.place, known);
    if (place) doc.place = place;
    else delete doc.place;
    return doc;
  });
}
