import { describe, expect, it } from 'vitest';
import { CsvError, parseCsvDataset } from '../../engine/data/csv';

const iris = ['sepal length,sepal width,species', '5.1,3.5,setosa', '7.0,3.2,versicolor', '4.9,3.0,setosa', '6.3,3.3,virginica', ''].join('\n');

function errorOf(text: string, labelColumn = 'label', featureColumns?: string[]): CsvError {
  try {
    parseCsvDataset(text, { labelColumn, featureColumns });
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('CSV import', () => {
  it('reads numeric features and string labels as classes in order of first appearance', () => {
    const dataset = parseCsvDataset(iris, { labelColumn: 'species' });
    expect(dataset.featureNames).toEqual(['sepal length', 'sepal width']);
    expect(dataset.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([dataset.rows, dataset.width, dataset.classes]).toEqual([4, 2, 3]);
    expect([...dataset.labels]).toEqual([0, 1, 0, 2]);
    expect([...dataset.features]).toEqual([5.1, 3.5, 7.0, 3.2, 4.9, 3.0, 6.3, 3.3].map(Math.fround));
  });

  it('takes integer labels as class indices, and the feature columns in the order asked', () => {
    const dataset = parseCsvDataset('a,label,b,c\n1,2,3,4\n5,0,-6e-1,+.5\n', { labelColumn: 'label', featureColumns: ['c', 'a'] });
    expect([...dataset.labels]).toEqual([2, 0]);
    expect(dataset.classNames).toEqual(['0', '1', '2']);
    expect(dataset.featureNames).toEqual(['c', 'a']);
    expect([...dataset.features]).toEqual([4, 1, 0.5, 5]);
  });

  it('handles quoted fields, escaped quotes, commas and line breaks inside quotes, CRLF, a BOM and spaces around values', () => {
    const text = '\uFEFF"x","the ""label""",y\r\n" 1.5 ","a, b",2\r\n3,"two\nlines", 4 \r\n';
    const dataset = parseCsvDataset(text, { labelColumn: 'the "label"' });
    expect(dataset.classNames).toEqual(['a, b', 'two\nlines']);
    expect([...dataset.features]).toEqual([1.5, 2, 3, 4]);
  });

  it.each([
    ['a non-number', 'x,y,label\n1,2,a\n3,abc,b\n', 'line 3, column 2 ("y"): "abc" is not a number', 3, 2],
    ['an empty cell', 'x,y,label\n1,,a\n', 'line 2, column 2 ("y"): the cell is empty', 2, 2],
    ['NaN text', 'x,y,label\n1,NaN,a\n', 'line 2, column 2 ("y"): "NaN" is not a number', 2, 2],
    ['Infinity text', 'x,y,label\nInfinity,1,a\n', 'line 2, column 1 ("x"): "Infinity" is not a number', 2, 1],
    ['hexadecimal', 'x,y,label\n0x10,1,a\n', 'line 2, column 1 ("x"): "0x10" is not a number', 2, 1],
    ['a value beyond float32', 'x,y,label\n1e39,1,a\n', 'line 2, column 1 ("x"): 1e39 is outside the float32 range', 2, 1],
    ['a short row', 'x,y,label\n1,2,a\n3,4\n', 'line 3, column 3 ("label"): missing: the row has 2 fields but the header has 3 columns', 3, 3],
    ['a long row', 'x,y,label\n1,2,a,9\n', 'line 2, column 4: the row has 4 fields but the header has 3 columns', 2, 4],
    ['an empty label', 'x,y,label\n1,2, \n', 'line 2, column 3 ("label"): the label is empty', 2, 3],
    ['a blank line', 'x,y,label\n1,2,a\n\n3,4,b\n', 'line 3 is blank', 3, undefined],
    ['two line breaks at the end', 'x,y,label\n1,2,a\n\n', 'line 3 is blank', 3, undefined],
    ['an unclosed quote', 'x,y,label\n1,2,a\n3,4,"b\n5,6,c\n', 'line 3, column 3 ("label"): the quoted field is never closed', 3, 3],
    ['text after a closing quote', 'x,y,label\n"1"2,3,a\n', 'line 2, column 1 ("x"): unexpected text after the closing quote', 2, 1],
    ['a quote inside an unquoted field', 'x,y,label\n1,2,a"b\n', 'line 2, column 3 ("label"): a quote inside an unquoted field', 2, 3],
    ['a huge integer label', 'x,label\n1,3\n2,123456\n', 'line 3, column 2 ("label"): class index 123456 is not below 10000', 3, 2],
    ['an empty header name', 'x,,label\n1,2,a\n', 'line 1, column 2: the header name is empty', 1, 2],
    ['a repeated header name', 'x,y,x,label\n1,2,3,a\n', 'line 1, column 3 ("x"): the header name repeats column 1', 1, 3],
  ])('rejects %s, naming the line and column', (_, text, message, line, column) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
  });

  it('counts lines inside quoted fields when locating later errors', () => {
    expect(errorOf('x,label\n1,"multi\nline"\nz,b\n').message).toBe('line 4, column 1 ("x"): "z" is not a number');
  });

  it.each([
    ['', 'label', undefined, 'the CSV text is empty: a header line is needed'],
    ['x,y\n1,2\n', 'label', undefined, 'the label column "label" is not in the header (columns: "x", "y")'],
    ['x,label\n1,a\n', 'label', ['x', 'z'], 'the feature column "z" is not in the header (columns: "x", "label")'],
    ['x,label\n1,a\n', 'label', ['label'], 'the label column "label" cannot also be a feature column'],
    ['x,label\n1,a\n', 'label', ['x', 'x'], 'the feature column "x" is listed twice'],
    ['label\na\n', 'label', undefined, 'no feature columns: the header has only the label column'],
    ['x,label\n1,a\n', 'label', [], 'the list of feature columns is empty'],
    ['x,label\n', 'label', undefined, 'the CSV has a header but no data rows'],
  ])('rejects %j with label %s and features %j', (text, label, features, message) => {
    expect(errorOf(text, label, features).message).toBe(message);
  });
});
