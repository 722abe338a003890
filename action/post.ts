/**
 * The post step's entry (`dist/post.js`): wiring only, see run-post.ts. `runPost()` settles every
 * failure itself; should it ever reject, Node's unhandled-rejection exit (code 1) still fails the step.
 */
import { runPost } from './run-post.js';

void runPost();
