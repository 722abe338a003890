/** action.yml and the code agree: the same inputs (required, defaults), outputs and entry points. */
import { describe, expect, it } from '@jest/globals';
import { INPUTS } from '../../action/inputs.js';
import { OUTPUTS } from '../../action/outputs.js';
import { readActionYml } from './support/action-yml.js';

const yml = readActionYml();

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, with the same required flags and defaults', () => {
    const declared = Object.fromEntries(
      Object.entries(yml.inputs).map(([name, input]) => [
        name,
        {
          required: input.required ?? false,
          ...(input.default === undefined ? {} : { default: input.default }),
        },
      ]),
    );
    expect(declared).toEqual(INPUTS);
  });

  it('documents every input and output', () => {
    for (const input of Object.values(yml.inputs)) expect(input.description.length).toBeGreaterThan(20);
    for (const output of Object.values(yml.outputs)) expect(output.description.length).toBeGreaterThan(20);
  });

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(yml.outputs).sort()).toEqual([...OUTPUTS].sort());
  });

  it('runs dist/index.js on node24 with an always-run post step, and has branding', () => {
    expect(yml.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()',
    });
    expect(yml.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });
});
