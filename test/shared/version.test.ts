import { describe, expect, it } from '@jest/globals';
import { isReleaseVersion, parseCandidateVersion } from '../../shared/version.js';

describe('parseCandidateVersion', () => {
  it.each([
    ['1.4.0-rc2', '1.4.0', 2],
    ['v2.0-rc1', 'v2.0', 1],
    ['2026.11.3-rc10', '2026.11.3', 10],
    ['7-rc1', '7', 1],
    ['1.2.3.4-rc3', '1.2.3.4', 3],
  ])('reads %s as release %s candidate %i', (input, release, number) => {
    expect(parseCandidateVersion(input)).toEqual({ version: input, release, number });
  });

  it.each([
    '1.4.0',
    '1.4.0-rc0',
    '1.4.0-rc',
    '1.4.0-RC1',
    '1.2.3.4.5-rc1',
    'v-rc1',
    'V1.0-rc1',
    '1.4.0-rc01',
    '1..4-rc1',
    ' 1.4.0-rc1',
    '1.4.0-rc1 ',
    '1.4.0-beta1',
    `${'1.'.repeat(40)}1-rc1`,
  ])('refuses %p', (input) => {
    expect(parseCandidateVersion(input)).toBeUndefined();
  });
});

describe('isReleaseVersion', () => {
  it('accepts one to four numbers with an optional v', () => {
    expect(['1', 'v1.2', '1.2.3', '1.2.3.4'].every(isReleaseVersion)).toBe(true);
    expect(['1.2.3.4.5', '1.4.0-rc1', 'latest', ''].some(isReleaseVersion)).toBe(false);
  });
});
