// The one way to turn a caught value into text for a message.

/** The message of an Error, or the value as text for anything else that was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
