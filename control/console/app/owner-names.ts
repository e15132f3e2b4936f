// Owner names as the record form shows them (relative to the zone) and as the API takes them (absolute).

/** The owner name relative to the zone, as people write it: "@" for the apex, "www" below it. */
export function relativeName(name: string, origin: string): string {
  const bare = name.replace(/\.$/, '');
  if (bare === origin) return '@';
  return bare.endsWith(`.${origin}`) ? bare.slice(0, -origin.length - 1) : name;
}

/**
 * The absolute name the API will store for what was typed in the form: "@" is the apex, a name
 * ending in a dot or in the zone's origin is already absolute, anything else is relative to the
 * zone ("www" → "www.example.com."). The API itself reads every name as absolute, so the form
 * sends this and shows it before saving.
 */
export function absoluteName(typed: string, origin: string): string {
  const text = typed.trim();
  if (text === '@' || text.toLowerCase() === origin.toLowerCase()) return `${origin}.`;
  if (text.endsWith('.')) return text;
  if (text.toLowerCase().endsWith(`.${origin.toLowerCase()}`)) return `${text}.`;
  return `${text}.${origin}.`;
}
