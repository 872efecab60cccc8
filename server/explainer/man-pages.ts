// Links into the man pages on man7.org, opened at the section that states the rule.
import type { ManPageRef } from '../../core/protocol';

const BASE = 'https://man7.org/linux/man-pages';

/**
 * `page` as `name(section)`. man7.org gives subsections no anchors, so the link is a text
 * fragment (`#:~:text=`), which Chromium, Safari and Firefox scroll to and highlight; where a
 * browser does not, the page opens at its top. In a text fragment `-`, `,` and `&` are syntax.
 */
export function manPage(page: string, section: string): ManPageRef {
  const m = /^([\w.-]+)\((\d)\)$/.exec(page);
  if (!m) throw new Error(`not a man page name: ${page}`);
  const fragment = encodeURIComponent(section).replace(/-/g, '%2D');
  return { page, section, url: `${BASE}/man${m[2]}/${m[1]}.${m[2]}.html#:~:text=${fragment}` };
}
