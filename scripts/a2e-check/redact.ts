/**
 * Everything the check prints goes through this: the key never appears, even where A2E (or a
 * proxy in front of it) echoes it back in a message, and no bearer token of any kind does.
 */
export function redactor(key: string | undefined): (text: string) => string {
  const secret = key?.trim();
  return (text) => {
    let out = secret ? text.split(secret).join('[redacted]') : text;
    out = out.replace(/bearer\s+(?!<)[\w.~+/=-]{8,}/gi, 'Bearer [redacted]');
    return out;
  };
}
