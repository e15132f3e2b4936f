// A one-time message carried to the next page shown (e.g. "your session expired" on the login page).

let pending: string | undefined;

/** Leaves `message` for the next page that calls takeNotice(). */
export function setNotice(message: string): void {
  pending = message;
}

/** The pending message, once; later calls get undefined until setNotice is called again. */
export function takeNotice(): string | undefined {
  const message = pending;
  pending = undefined;
  return message;
}
