/**
 * Walking a hydrated contact lineage the way CHT's message utilities do. A walk starts at the object
 * itself when it has a `parent`, otherwise at its `contact` (a report's submitter, a place's primary
 * contact), then follows `parent` links.
 */

type Node = Record<string, any>;

/** Guards against cyclic objects; real lineages are far shorter (CHT's minify stops at 50). */
const MAX_HOPS = 100;

const isObject = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Where CHT starts a walk up the hierarchy from `obj`. */
export function walkStart(obj: unknown): unknown {
  if (!isObject(obj)) return undefined;
  return obj.parent ? obj : obj.contact;
}

/** The first node from `walkStart(obj)` upwards whose `type` or `contact_type` is `type`. */
export function findAncestorOfType(obj: unknown, type: string): Node | undefined {
  let node = walkStart(obj);
  for (let hops = 0; node && hops <= MAX_HOPS; hops++) {
    if (!isObject(node)) return undefined;
    if (node.type === type || node.contact_type === type) return node;
    node = node.parent;
  }
  return undefined;
}

/** The phone of the primary contact of the first `type` node above `obj`. */
export function ancestorContactPhone(obj: unknown, type: string): unknown {
  const node = findAncestorOfType(obj, type);
  return node && isObject(node.contact) ? node.contact.phone : undefined;
}

/** `linked_docs[tag]` of the first node (from `walkStart(obj)` upwards) carrying that tag. */
export function findLinkedDoc(obj: unknown, tag: string): unknown {
  let node = walkStart(obj);
  for (let hops = 0; node && hops <= MAX_HOPS; hops++) {
    if (!isObject(node)) return undefined;
    if (isObject(node.linked_docs) && node.linked_docs[tag]) return node.linked_docs[tag];
    node = node.parent;
  }
  return undefined;
}

/** The phone of the (hydrated) linked contact tagged `tag` in `obj`'s lineage. */
export function linkedContactPhone(obj: unknown, tag: string): unknown {
  const linked = findLinkedDoc(obj, tag);
  return isObject(linked) ? linked.phone : undefined;
}

/**
 * CHT's legacy `parent` / `grandparent` recipients: start at `walkStart(subject)`, follow `parent`
 * `hops` times and return that node's `contact.phone`; undefined when the chain ends (CHT throws a
 * TypeError when the subject has neither a parent nor a contact; vigil treats it as unresolved).
 */
export function contactPhoneAfterHops(subject: unknown, hops: number): unknown {
  let node: unknown = walkStart(subject);
  for (let i = 0; i < hops; i++) {
    if (!isObject(node)) return undefined;
    node = node.parent;
  }
  return isObject(node) && isObject(node.contact) ? node.contact.phone : undefined;
}
