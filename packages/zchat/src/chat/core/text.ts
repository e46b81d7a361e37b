/** Small text rules shared by core operations. Pure. */

// CR, LF and NUL would split or truncate a line on some wire format; they never enter core state.
const LINE_BREAKERS = /[\r\n\0]/g;

/**
 * `text` with CR, LF and NUL replaced by spaces and cut to at most `max` UTF-16 units without splitting a
 * surrogate pair. Returns the same string when nothing changes.
 */
export function cleanText(text: string, max: number): string {
  let s = LINE_BREAKERS.test(text) ? text.replace(LINE_BREAKERS, ' ') : text;
  LINE_BREAKERS.lastIndex = 0;
  if (s.length > max) {
    let end = max;
    const c = s.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--; // do not leave half a surrogate pair
    s = s.slice(0, end);
  }
  return s;
}
