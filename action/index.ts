/**
 * The main step's entry (`dist/index.js`): wiring only, see run.ts. `run()` settles every failure
 * itself; should it ever reject, Node's unhandled-rejection exit (code 1) still fails the step.
 */
import { run } from './run.js';

void run();
