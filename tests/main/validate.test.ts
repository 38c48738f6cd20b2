import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPORT_FORMATS,
  IpcValidationError,
  MAX_DOCUMENT_CHARS,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_CHARS,
  validateDocumentPath,
  validateExportFileArgs,
  validateNoArgs,
  validateOpenDocumentArgs,
  validatePathArgs,
  validateSaveDocumentArgs,
  validateSetDirtyArgs,
  validateWriteAutosaveArgs,
} from '../../main/validate';

const goodRequest = { path: '/home/ada/Two spirals.netoscope', suggestedName: 'Two spirals.netoscope', text: '{"format":"netoscope"}' };

describe('validateOpenDocumentArgs', () => {
  it('accepts a call without arguments', () => {
    expect(() => validateOpenDocumentArgs([])).not.toThrow();
  });

  it('refuses any argument', () => {
    expect(() => validateOpenDocumentArgs(['/etc/passwd'])).toThrow(/openDocument takes no arguments, got 1/);
  });
});

describe('validateSaveDocumentArgs', () => {
  it('returns a fresh request holding the checked fields', () => {
    const result = validateSaveDocumentArgs([goodRequest], path.posix);
    expect(result).toEqual(goodRequest);
    expect(result).not.toBe(goodRequest);
  });

  it('accepts a request without a path (Save As)', () => {
    expect(validateSaveDocumentArgs([{ suggestedName: 'a.netoscope', text: '' }], path.posix)).toEqual({ suggestedName: 'a.netoscope', text: '' });
  });

  it('treats an explicit undefined path as absent', () => {
    expect(validateSaveDocumentArgs([{ path: undefined, suggestedName: 'a.netoscope', text: '' }], path.posix)).not.toHaveProperty('path');
  });

  it.each([
    ['no argument', [], /takes one request object, got 0 arguments/],
    ['two arguments', [goodRequest, goodRequest], /got 2 arguments/],
    ['a string', ['{}'], /must be a plain object, got string/],
    ['null', [null], /must be a plain object, got null/],
    ['an array', [[goodRequest]], /must be a plain object, got an array/],
    ['a class instance', [new (class Request {})()], /must be a plain object/],
  ])('refuses %s', (_label, args, message) => {
    expect(() => validateSaveDocumentArgs(args, path.posix)).toThrow(message);
  });

  it('refuses extra keys and names them', () => {
    expect(() => validateSaveDocumentArgs([{ ...goodRequest, overwrite: true, mode: 0o777 }], path.posix)).toThrow(
      /unknown field\(s\) overwrite, mode/,
    );
  });

  it.each([
    ['text that is not a string', { text: 42 }, /saveDocument\.text must be a string, got number/],
    ['oversize text', { text: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) }, /saveDocument\.text is \d+ characters, more than the limit/],
    ['a missing suggested name', { suggestedName: undefined }, /saveDocument\.suggestedName must be a string, got undefined/],
    ['an empty suggested name', { suggestedName: '' }, /must be 1 to 255 characters long, got 0/],
    ['a suggested name with a slash', { suggestedName: '../evil.netoscope' }, /must be a bare file name/],
    ['a suggested name with a backslash', { suggestedName: '..\\evil.netoscope' }, /must be a bare file name/],
    ['a suggested name with a control character', { suggestedName: 'a\nb.netoscope' }, /must be a bare file name/],
    ['a suggested name with another extension', { suggestedName: 'notes.txt' }, /suggestedName must end in \.netoscope/],
    ['a path that is not a string', { path: 7 }, /saveDocument\.path must be a string, got number/],
    ['a null path', { path: null }, /saveDocument\.path must be a string, got null/],
    ['a relative path', { path: 'docs/a.netoscope' }, /saveDocument\.path must be an absolute path/],
    ['a path with ..', { path: '/home/ada/../../etc/a.netoscope' }, /must be normalised/],
    ['a path with a doubled separator', { path: '/home//ada/a.netoscope' }, /must be normalised/],
    ['a path to another kind of file', { path: '/home/ada/.bashrc' }, /must name a \.netoscope file/],
    ['a path to a bare extension', { path: '/home/ada/.netoscope' }, /must name a \.netoscope file/],
    ['a path with a NUL byte', { path: '/home/ada/a\0.netoscope' }, /contains control characters/],
  ])('refuses %s', (_label, override, message) => {
    expect(() => validateSaveDocumentArgs([{ ...goodRequest, ...override }], path.posix)).toThrow(message);
  });

  it('throws IpcValidationError', () => {
    expect(() => validateSaveDocumentArgs([{}], path.posix)).toThrow(IpcValidationError);
  });
});

describe('validateDocumentPath on Windows', () => {
  it('accepts a drive path and a UNC path', () => {
    expect(validateDocumentPath('C:\\Users\\Ada\\Spirals.NETOSCOPE', 'p', path.win32)).toBe('C:\\Users\\Ada\\Spirals.NETOSCOPE');
    expect(validateDocumentPath('\\\\server\\share\\a.netoscope', 'p', path.win32)).toBe('\\\\server\\share\\a.netoscope');
  });

  it.each([
    ['a drive-relative path', 'C:a.netoscope', /must be an absolute path/],
    ['a path with ..', 'C:\\Users\\..\\Windows\\a.netoscope', /must be normalised/],
    ['forward slashes', 'C:/Users/a.netoscope', /must be normalised/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => validateDocumentPath(value, 'p', path.win32)).toThrow(message);
  });
});

describe('validateNoArgs', () => {
  it('accepts nothing and refuses anything, naming the method', () => {
    expect(() => validateNoArgs('readAutosave', [])).not.toThrow();
    expect(() => validateNoArgs('readAutosave', [undefined])).toThrow(/readAutosave takes no arguments, got 1/);
  });
});

describe('validatePathArgs', () => {
  it('returns the one document path', () => {
    expect(validatePathArgs('openRecent', ['/home/ada/a.netoscope'], path.posix)).toBe('/home/ada/a.netoscope');
  });

  it.each([
    ['no argument', [], /openRecent takes one argument, got 0/],
    ['two arguments', ['/a.netoscope', '/b.netoscope'], /openRecent takes one argument, got 2/],
    ['a relative path', ['a.netoscope'], /openRecent\.path must be an absolute path/],
    ['another kind of file', ['/etc/passwd'], /openRecent\.path must name a \.netoscope file/],
    ['an object', [{ path: '/a.netoscope' }], /openRecent\.path must be a string, got object/],
  ])('refuses %s', (_label, args, message) => {
    expect(() => validatePathArgs('openRecent', args, path.posix)).toThrow(message);
  });
});

describe('validateWriteAutosaveArgs', () => {
  it('returns the text', () => {
    expect(validateWriteAutosaveArgs(['{}'])).toBe('{}');
  });

  it.each([
    ['no argument', [], /writeAutosave takes one argument, got 0/],
    ['a number', [1], /writeAutosave\.text must be a string, got number/],
    ['oversize text', ['x'.repeat(MAX_DOCUMENT_CHARS + 1)], /writeAutosave\.text is \d+ characters, more than the limit/],
  ])('refuses %s', (_label, args, message) => {
    expect(() => validateWriteAutosaveArgs(args)).toThrow(message);
  });
});

describe('validateSetDirtyArgs', () => {
  it('returns the flag', () => {
    expect(validateSetDirtyArgs([true])).toBe(true);
    expect(validateSetDirtyArgs([false])).toBe(false);
  });

  it.each([
    ['a truthy string', ['yes'], /setDirty\.dirty must be a boolean, got string/],
    ['a number', [1], /must be a boolean, got number/],
    ['no argument', [], /setDirty takes one argument, got 0/],
  ])('refuses %s', (_label, args, message) => {
    expect(() => validateSetDirtyArgs(args)).toThrow(message);
  });
});

describe('validateExportFileArgs', () => {
  const csv = { suggestedName: 'loss.csv', mimeType: 'text/csv', data: 'step,loss\n1,0.5\n' };
  const png = { suggestedName: 'Loss chart.PNG', mimeType: 'image/png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };

  it('returns a fresh request for text and for bytes', () => {
    const result = validateExportFileArgs([csv]);
    expect(result).toEqual(csv);
    expect(result).not.toBe(csv);
    expect(validateExportFileArgs([png])).toEqual(png);
  });

  it('knows an extension for each MIME type it accepts', () => {
    for (const [mimeType, format] of Object.entries(EXPORT_FORMATS)) {
      expect(validateExportFileArgs([{ suggestedName: `a.${format.extension}`, mimeType, data: '' }]).mimeType).toBe(mimeType);
    }
  });

  it.each([
    ['a string', ['loss.csv'], /the request must be a plain object, got string/],
    ['two arguments', [csv, csv], /exportFile takes one argument, got 2/],
    ['extra keys', [{ ...csv, path: '/etc/cron.d/x' }], /unknown field\(s\) path/],
    ['an unknown MIME type', [{ ...csv, mimeType: 'text/html' }], /mimeType must be one of image\/png, .*got "text\/html"/],
    ['a prototype key as MIME type', [{ ...csv, mimeType: 'toString' }], /mimeType must be one of/],
    ['a name with a slash', [{ ...csv, suggestedName: '../loss.csv' }], /suggestedName must be a bare file name/],
    ['a name whose extension does not match', [{ ...csv, suggestedName: 'loss.exe' }], /must end in \.csv for text\/csv/],
    ['data of another type', [{ ...csv, data: [1, 2, 3] }], /data must be a string or a Uint8Array, got an array/],
    ['an ArrayBuffer', [{ ...csv, data: new ArrayBuffer(4) }], /data must be a string or a Uint8Array, got object/],
    ['oversize text', [{ ...csv, data: 'x'.repeat(MAX_EXPORT_CHARS + 1) }], /data is \d+ characters, more than the limit/],
    ['oversize bytes', [{ ...png, data: new Uint8Array(MAX_EXPORT_BYTES + 1) }], /data is \d+ bytes, more than the limit/],
  ])('refuses %s', (_label, args, message) => {
    expect(() => validateExportFileArgs(args)).toThrow(message);
  });
});
