/** For HTML text and double-quoted attribute values alike: every value put into a page or an email. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
