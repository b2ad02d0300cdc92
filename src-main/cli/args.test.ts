import { describe, expect, it } from 'vitest';
import { dataDirOf, option, parseArgs } from './args.js';

describe('parseArgs', () => {
  it('separates the command, its words and the options', () => {
    const args = parseArgs(['search', 'Иванов', 'Иван', '--limit', '5', '--json', '--data=/tmp/ws']);
    expect(args.command).toBe('search');
    expect(args.rest).toEqual(['Иванов', 'Иван']);
    expect(option(args, 'limit')).toBe('5');
    expect(args.options.get('json')).toBe(true);
    expect(option(args, 'data')).toBe('/tmp/ws');
  });

  it('never lets a flag swallow the word after it', () => {
    expect(parseArgs(['status', '--json', 'extra']).rest).toEqual(['extra']);
  });

  it('finds the data folder in the option, the environment, or under the Medkarta data root', () => {
    expect(dataDirOf(parseArgs(['status', '--data', '/a']), {})).toBe('/a');
    expect(dataDirOf(parseArgs(['status']), { MEDKARTA_WS_DATA: '/b' })).toBe('/b');
    expect(dataDirOf(parseArgs(['status']), { MEDKARTA_DATA_DIR: '/c' })).toBe('/c/workstation');
  });
});
