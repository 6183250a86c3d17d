/**
 * Lookups over an in-memory set of docs, with the same semantics as the view-backed ones: lets
 * `vigil simulate` run transitions without a database. Docs created by effects are added as they come.
 */
import type { Doc, Lookups } from '../types';
import { hydrateDocs, type HydrationSource } from '../runner/hydrate';
import { isContact } from '../runner/contact-types';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const isReport = (d: Doc) => d.type === 'data_record' && !!d.form;

export class MemoryLookups implements Lookups, HydrationSource {
  private readonly docs = new Map<string, Doc>();

  constructor(docs: Doc[] = []) {
    docs.forEach((d) => this.put(d));
  }

  put(doc: Doc): void {
    this.docs.set(doc._id, copy(doc));
  }

  all(): Doc[] {
    return [...this.docs.values()].map(copy);
  }

  async getDocsById(ids: string[]): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d) out.set(id, copy(d));
    }
    return out;
  }

  async contactIdsByShortcode(codes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const code of codes) {
      const [id] = await this.contactIdsByReference('shortcode', code);
      if (id) out.set(code, id);
    }
    return out;
  }

  async getDocs(ids: string[]): Promise<Array<Doc | undefined>> {
    const found = await this.getDocsById(ids);
    return ids.map((id) => found.get(id));
  }

  async getDoc(id: string): Promise<Doc | undefined> {
    return (await this.getDocs([id]))[0];
  }

  async contactsByPhone(phone: string): Promise<Doc[]> {
    return [...this.docs.values()].filter((d) => isContact(d) && d.phone !== undefined && String(d.phone) === String(phone)).map(copy);
  }

  async contactIdsByReference(kind: 'shortcode' | 'external', key: string): Promise<string[]> {
    return [...this.docs.values()]
      .filter((d) => isContact(d))
      .filter((d) =>
        kind === 'shortcode'
          ? [d.patient_id, d.place_id].some((v) => v !== undefined && v !== null && String(v) === String(key))
          : typeof d.rc_code === 'string' && d.rc_code.toUpperCase() === String(key),
      )
      .map((d) => d._id);
  }

  async hydrateContact(idOrDoc: string | Doc): Promise<Doc | undefined> {
    const doc = typeof idOrDoc === 'string' ? await this.getDoc(idOrDoc) : idOrDoc;
    if (!doc) return undefined;
    const [hydrated] = await hydrateDocs([doc], this, { asContacts: true });
    return hydrated;
  }

  async hydrateDocs(docs: Doc[]): Promise<Doc[]> {
    return hydrateDocs(docs, this);
  }

  async reportsBySubject(subjectIds: string[]): Promise<Doc[]> {
    const keys = new Set(subjectIds.filter((s) => s !== undefined && s !== null && s !== '').map(String));
    const fields = (d: Doc) => [d.patient_id, d.place_id, d.case_id, ...['patient_id', 'place_id', 'case_id', 'patient_uuid', 'place_uuid'].map((k) => d.fields?.[k])];
    return [...this.docs.values()].filter((d) => isReport(d) && fields(d).some((v) => v !== undefined && v !== null && keys.has(String(v)))).map(copy);
  }

  async descendants(rootId: string): Promise<Doc[]> {
    const within = (d: Doc): boolean => {
      for (let p = d, depth = 0; p && depth < 50; p = p.parent, depth++) if (p._id === rootId) return true;
      return false;
    };
    return [...this.docs.values()].filter((d) => isContact(d) && within(d)).map(copy);
  }

  async shortcodesTaken(codes: string[]): Promise<Set<string>> {
    const used = new Set<string>();
    for (const d of this.docs.values()) for (const v of [d.patient_id, d.place_id, d.case_id]) if (v !== undefined && v !== null) used.add(String(v));
    return new Set(codes.map(String).filter((c) => used.has(c)));
  }

  async reportsByFormAndParent(form: string, parentId: string): Promise<Doc[]> {
    return [...this.docs.values()].filter((d) => isReport(d) && d.form === form && d.contact?.parent?._id === parentId).map(copy);
  }

  async reportIdsByTerms(terms: string[]): Promise<string[]> {
    const termsOf = (d: Doc): Set<string> => {
      const out = new Set<string>([`form:${String(d.form).toLowerCase()}`]);
      const add = (obj: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(obj ?? {})) {
          if (k.startsWith('_') || v === null || v === undefined || typeof v === 'object') continue;
          out.add(`${k.toLowerCase()}:${typeof v === 'string' ? v.toLowerCase() : String(v)}`);
        }
      };
      add(d);
      add(d.fields);
      return out;
    };
    return [...this.docs.values()].filter((d) => isReport(d) && terms.every((t) => termsOf(d).has(t))).map((d) => d._id);
  }

  async reportsBetween(startMs: number, endMs: number): Promise<Doc[]> {
    const dated = (d: Doc) => typeof d.reported_date === 'number' && d.reported_date >= startMs && d.reported_date <= endMs;
    // newest first, ties by id descending: the view's descending order
    return [...this.docs.values()]
      .filter((d) => isReport(d) && dated(d))
      .sort((a, b) => b.reported_date - a.reported_date || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0))
      .map(copy);
  }

  async reportsForPeriod(form: string, year: unknown, period: { kind: 'week' | 'month'; value: unknown }, parentId: string): Promise<Doc[]> {
    const periodOf = (d: Doc) => (period.kind === 'week' ? d.fields?.week || d.fields?.week_number : d.fields?.month || d.fields?.month_num);
    return [...this.docs.values()]
      .filter((d) => isReport(d) && d.form === form && d.reported_date && d.fields?.year === year && periodOf(d) === period.value && d.contact?.parent?._id === parentId)
      .sort((a, b) => (a.reported_date < b.reported_date ? -1 : a.reported_date > b.reported_date ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .map(copy);
  }
}
