/** The Action's own failure types; the App's and the network's come from the shared client. */

/** An input is missing or invalid; the message names it and says what is accepted. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The main step's state could not be read back by the post step. */
export class StateError extends Error {
  override readonly name = 'StateError';
}
