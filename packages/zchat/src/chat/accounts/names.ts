/**
 * What an account name, password and e-mail address may be: the bounds every way of making an account
 * shares (IRC REGISTER, NickServ, plain /register, `zchat account add`). Pure.
 */

/** Longest account name: the longest nick the config allows (limits.nickLength's maximum). */
export const maxAccountNameLength = 30;
/** Longest password accepted; scrypt does not need more, and a pasted file by mistake should fail loudly. */
export const maxPasswordLength = 1024;
/** Shortest password accepted for a new account. */
export const minPasswordLength = 4;
/** Longest e-mail address (RFC 5321 path limit). */
export const maxEmailLength = 254;

const namePattern = /^[A-Za-z_[\]{}\\|^`][A-Za-z0-9_[\]{}\\|^`-]*$/;

/** Why `name` cannot be an account name, or undefined when it can (a nick: letters, digits, -_[]{}\|^`). */
export function accountNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'an account name is needed';
  if (name.length > maxAccountNameLength) return `an account name has at most ${maxAccountNameLength} characters`;
  if (!namePattern.test(name)) return 'an account name is letters, digits and -_[]{}\\|^`, not starting with a digit or "-"';
  return undefined;
}

/** Why `password` cannot be a new password, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < minPasswordLength) return `a password has at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `a password has at most ${maxPasswordLength} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(password)) return 'a password has no control characters';
  return undefined;
}

/** Why `email` is not an address we accept, or undefined. */
export function emailProblem(email: string): string | undefined {
  if (email.length > maxEmailLength) return `an e-mail address has at most ${maxEmailLength} characters`;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'expected an e-mail address like name@example.org';
  return undefined;
}
