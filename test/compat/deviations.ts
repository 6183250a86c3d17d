/**
 * Reads the deliberate deviations from docs/compatibility.md: the markdown table under the heading
 * `## Deliberate deviations`, columns | scenario id(s) | CHT behaviour | vigil behaviour | reason |.
 * The first cell may name several ids separated by commas or spaces (backticks allowed).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Deviation {
  id: string;
  cht: string;
  vigil: string;
  reason: string;
}

export const DEVIATIONS_HEADING = 'Deliberate deviations';

/** Splits a markdown table row into trimmed cells (`\|` is a literal pipe). */
export function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (body[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += body[i];
  }
  cells.push(cur.trim());
  return cells;
}

const isSeparator = (cells: string[]) => cells.length > 0 && cells.every((c) => /^:?-{1,}:?$/.test(c));

/** Parses the deviations table out of the markdown text. Rows repeating an id: the last one wins. */
export function parseDeviations(markdown: string): Map<string, Deviation> {
  const out = new Map<string, Deviation>();
  const lines = markdown.split(/\r?\n/);
  let inSection = false;
  let sectionLevel = 2;
  const isRow = (line: string | undefined) => line !== undefined && line.trim().startsWith('|');
  for (const [i, line] of lines.entries()) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      if (heading[2].toLowerCase() === DEVIATIONS_HEADING.toLowerCase()) {
        inSection = true;
        sectionLevel = level;
      } else if (inSection && level <= sectionLevel) {
        inSection = false;
      }
      continue;
    }
    if (!inSection || !isRow(line)) continue;
    const cells = splitRow(line);
    if (isSeparator(cells)) continue;
    // a row followed by a separator row is a table header
    if (isRow(lines[i + 1]) && isSeparator(splitRow(lines[i + 1]))) continue;
    const ids = cells[0]
      .replace(/`/g, '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (!ids.length) continue;
    const deviation = { cht: cells[1] ?? '', vigil: cells[2] ?? '', reason: cells[cells.length > 3 ? 3 : cells.length - 1] ?? '' };
    for (const id of ids) out.set(id, { id, ...deviation });
  }
  return out;
}

export function loadDeviations(file: string): Map<string, Deviation> {
  if (!existsSync(file)) return new Map();
  return parseDeviations(readFileSync(file, 'utf8'));
}
