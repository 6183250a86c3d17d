import { labelTranslator } from '../../../forms/labels';
import { muvukuPrefix, parseJavarosa, parsePositional, splitUnescaped } from '../../../forms/muvuku';
import { visitForm } from './fixtures';

const en = labelTranslator({}, 'en');

describe('muvukuPrefix', () => {
  it('recognises <letter?><digit>!CODE!data', () => {
    expect(muvukuPrefix('1!V!a')).toBe('1');
    expect(muvukuPrefix('  j1!V!a#b')).toBe('J1');
    expect(muvukuPrefix('X9!V!a')).toBe('X9');
  });

  it('is undefined for textforms and incomplete headers', () => {
    expect(muvukuPrefix('V 1 2')).toBeUndefined();
    expect(muvukuPrefix('1!V!')).toBeUndefined();
    expect(muvukuPrefix('12!V!a')).toBeUndefined();
    expect(muvukuPrefix(undefined)).toBeUndefined();
  });
});

describe('parsePositional (1!CODE!v1#v2…)', () => {
  it('assigns trimmed values to fields in definition key order, missing ones undefined', () => {
    const res = parsePositional(visitForm(), '1!V! 12345 # 3 #1');
    expect(res.extraFields).toBe(false);
    expect(res.values).toEqual({ patient_id: '12345', weight: '3', danger: '1' });
    expect(Object.keys(res.values)).toEqual(['patient_id', 'weight', 'danger', 'visit.date', 'phone', 'note']);
    expect(res.values.phone).toBeUndefined();
  });

  it('keeps further ! in the first value, and empty values as empty text', () => {
    expect(parsePositional(visitForm(), '1!V!12!34##5').values).toEqual({ patient_id: '12!34', weight: '', danger: '5' });
  });

  it('flags values beyond the fields as extra fields', () => {
    const res = parsePositional(visitForm(), '1!V!a#b#c#d#e#f#g#h');
    expect(res.extraFields).toBe(true);
    expect(res.values.note).toBe('f');
  });
});

describe('splitUnescaped', () => {
  it('splits on # but not on \\#', () => {
    expect(splitUnescaped('id#12\\#3#wt#4')).toEqual(['id', '12\\#3', 'wt', '4']);
  });

  it('matches CHT single-pass splitting: no split right after a split #, nor at the start', () => {
    expect(splitUnescaped('a##b')).toEqual(['a', '#b']);
    expect(splitUnescaped('#a#b')).toEqual(['#a', 'b']);
    expect(splitUnescaped('a#')).toEqual(['a', '']);
    expect(splitUnescaped('')).toEqual(['']);
  });
});

describe('parseJavarosa (J1!CODE!label#value…)', () => {
  it('matches translated tiny labels, ignoring case and surrounding spaces, and unescapes \\#', () => {
    expect(parseJavarosa(visitForm(), 'J1!V! ID #12\\#3#WT#4#vd#2024-05-01', en)).toEqual({
      patient_id: '12#3',
      weight: '4',
      'visit.date': '2024-05-01',
    });
  });

  it('keeps values untrimmed, takes the last of repeated labels, ignores unknown labels', () => {
    expect(parseJavarosa(visitForm(), 'J1!V!wt# 4 #zz#9#wt#5', en)).toEqual({ weight: '5' });
    expect(parseJavarosa(visitForm(), 'J1!V!wt# 4 ', en)).toEqual({ weight: ' 4 ' });
  });

  it('ignores a label without a value', () => {
    expect(parseJavarosa(visitForm(), 'J1!V!wt#4#id', en)).toEqual({ weight: '4' });
  });

  it('keeps ! in the data', () => {
    expect(parseJavarosa(visitForm(), 'J1!V!n#hi!there', en)).toEqual({ note: 'hi!there' });
  });
});
