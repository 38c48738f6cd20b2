import type { Dataset } from './dataset';

/**
 * CSV import (RFC 4180: comma-separated, a header line, fields optionally in double quotes with
 * "" for a quote, quoted fields may span lines; LF or CRLF line ends). Nothing is silently
 * dropped or coerced: an empty cell, a non-numeric feature, NaN or Infinity text, a value outside
 * float32's range, a ragged row, a blank line or a stray quote is a `CsvError` naming the line
 * and column (1-based) and the column's header name. Only whitespace around a value is ignored,
 * and one line break at the end of the text.
 */
export interface CsvOptions {
  /** Header name of the label column. */
  labelColumn: string;
  /** Header names of the feature columns, in the order wanted; every other column when absent. */
  featureColumns?: string[];
}

export interface CsvDataset extends Dataset {
  featureNames: string[];
  /**
   * classNames[k] is the label text of class k. When every label is a non-negative integer
   * ("0", "3"), the integer is the class index and the classes are 0…max; otherwise each
   * distinct text is a class, numbered in order of first appearance.
   */
  classNames: string[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line in the text. */
    readonly line: number,
    /** 1-based column, when the problem is in one field. */
    readonly column?: number,
    readonly columnName?: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

interface Field {
  text: string;
  line: number;
}

interface CsvRecord {
  line: number;
  fields: Field[];
}

/** A strict decimal number: no NaN, Infinity, hex, or empty text. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Integer labels are class indices; one this large is a regression target or an id, not a class. */
const MAX_CLASSES = 10_000;

export function parseCsvDataset(text: string, options: CsvOptions): CsvDataset {
  const records = parseCsvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (records.length === 0) throw new CsvError('the CSV text is empty: a header line is needed', 1);
  const [header, ...rows] = records;
  const names = header.fields.map((field) => field.text.trim());
  const fail = (line: number, column: number, message: string): never => {
    throw fieldError(line, column, names[column - 1], message);
  };

  names.forEach((name, index) => {
    if (name === '') fail(header.fields[index].line, index + 1, 'the header name is empty');
    const first = names.indexOf(name);
    if (first < index) fail(header.fields[index].line, index + 1, `the header name repeats column ${first + 1}`);
  });
  const columnOf = (name: string, role: string): number => {
    const index = names.indexOf(name);
    if (index < 0) throw new CsvError(`the ${role} column "${name}" is not in the header (columns: ${names.map((n) => `"${n}"`).join(', ')})`, header.line);
    return index;
  };
  const labelIndex = columnOf(options.labelColumn, 'label');
  const featureIndices = options.featureColumns
    ? options.featureColumns.map((name) => columnOf(name, 'feature'))
    : names.map((_, index) => index).filter((index) => index !== labelIndex);
  if (featureIndices.includes(labelIndex)) throw new CsvError(`the label column "${options.labelColumn}" cannot also be a feature column`, header.line);
  const repeated = featureIndices.find((index, position) => featureIndices.indexOf(index) !== position);
  if (repeated !== undefined) throw new CsvError(`the feature column "${names[repeated]}" is listed twice`, header.line);
  if (featureIndices.length === 0) {
    throw new CsvError(options.featureColumns ? 'the list of feature columns is empty' : 'no feature columns: the header has only the label column', header.line);
  }
  if (rows.length === 0) throw new CsvError('the CSV has a header but no data rows', header.line);

  const width = featureIndices.length;
  const features = new Float32Array(rows.length * width);
  const labelFields: Field[] = [];
  rows.forEach((record, row) => {
    if (record.fields.length === 1 && record.fields[0].text === '') {
      throw new CsvError(`line ${record.line} is blank`, record.line);
    }
    if (record.fields.length > names.length) {
      const extra = record.fields[names.length];
      fail(extra.line, names.length + 1, `the row has ${record.fields.length} fields but the header has ${names.length} columns`);
    }
    if (record.fields.length < names.length) {
      const lastLine = record.fields[record.fields.length - 1].line;
      fail(lastLine, record.fields.length + 1, `missing: the row has ${record.fields.length} fields but the header has ${names.length} columns`);
    }
    featureIndices.forEach((column, feature) => {
      const field = record.fields[column];
      const value = field.text.trim();
      if (value === '') fail(field.line, column + 1, 'the cell is empty');
      if (!NUMBER.test(value)) fail(field.line, column + 1, `"${value}" is not a number`);
      const number = Number(value);
      if (Math.abs(number) > FLOAT32_MAX) fail(field.line, column + 1, `${value} is outside the float32 range`);
      features[row * width + feature] = number;
    });
    const label = record.fields[labelIndex];
    if (label.text.trim() === '') fail(label.line, labelIndex + 1, 'the label is empty');
    labelFields.push(label);
  });

  const { labels, classNames } = classesOf(labelFields, (field, message) => fail(field.line, labelIndex + 1, message));
  return { features, labels, rows: rows.length, width, classes: classNames.length, featureNames: featureIndices.map((index) => names[index]), classNames };
}

function fieldError(line: number, column: number, name: string | undefined, message: string): CsvError {
  return new CsvError(`line ${line}, column ${column}${name ? ` ("${name}")` : ''}: ${message}`, line, column, name);
}

function classesOf(fields: Field[], fail: (field: Field, message: string) => never): { labels: Int32Array; classNames: string[] } {
  const texts = fields.map((field) => field.text.trim());
  if (texts.every((text) => NON_NEGATIVE_INTEGER.test(text))) {
    const labels = Int32Array.from(texts, (text, row) => {
      const index = Number(text);
      return index < MAX_CLASSES ? index : fail(fields[row], `class index ${text} is not below ${MAX_CLASSES}`);
    });
    const classes = labels.reduce((largest, label) => Math.max(largest, label), 0) + 1;
    return { labels, classNames: Array.from({ length: classes }, (_, k) => String(k)) };
  }
  const indexOf = new Map<string, number>();
  const labels = Int32Array.from(texts, (text) => {
    let index = indexOf.get(text);
    if (index === undefined) {
      index = indexOf.size;
      indexOf.set(text, index);
    }
    return index;
  });
  return { labels, classNames: [...indexOf.keys()] };
}

/** Splits the text into records of raw fields, tracking the line each field starts on. */
function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let position = 0;
  let line = 1;
  const atLineEnd = (): boolean => text[position] === '\n' || text[position] === '\r';
  // Errors in data rows name the column by the header, once the header has been read.
  const fail = (line: number, column: number, message: string): never => {
    throw fieldError(line, column, records[0]?.fields[column - 1]?.text.trim() || undefined, message);
  };
  const skipLineEnd = (): void => {
    position += text[position] === '\r' && text[position + 1] === '\n' ? 2 : 1;
    line++;
  };

  while (position < text.length) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      const field: Field = { text: '', line };
      const column = record.fields.length + 1;
      if (text[position] === '"') {
        const openedOn = line;
        position++;
        for (;;) {
          if (position >= text.length) fail(openedOn, column, 'the quoted field is never closed');
          const char = text[position];
          if (char === '"' && text[position + 1] === '"') {
            field.text += '"';
            position += 2;
          } else if (char === '"') {
            position++;
            break;
          } else if (char === '\n' || char === '\r') {
            field.text += char === '\r' && text[position + 1] === '\n' ? '\r\n' : char;
            skipLineEnd();
          } else {
            field.text += char;
            position++;
          }
        }
        if (position < text.length && text[position] !== ',' && !atLineEnd()) {
          fail(line, column, 'unexpected text after the closing quote');
        }
      } else {
        const start = position;
        while (position < text.length && text[position] !== ',' && !atLineEnd()) position++;
        field.text = text.slice(start, position);
        if (field.text.includes('"')) fail(line, column, 'a quote inside an unquoted field');
      }
      record.fields.push(field);
      if (text[position] === ',') {
        position++;
        continue;
      }
      if (position < text.length) skipLineEnd();
      break;
    }
    records.push(record);
  }
  return records;
}
