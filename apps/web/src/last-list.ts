/**
 * Where a list page (`/documents/`, `/imports/`) was last in this tab, with its filters and page, so
 * an item's page leads back to it. Browsers that block site storage throw here: the back link then
 * simply leads to the list's first page.
 */
const key = (list: string) => `intake.list.${list}`;

export function rememberList(list: string, address: string): void {
  try {
    sessionStorage.setItem(key(list), address);
  } catch {
    // nothing remembered
  }
}

/** `list` is the list page's own path, e.g. '/imports/'. */
export function lastList(list: string): string {
  let address: string | null = null;
  try {
    address = sessionStorage.getItem(key(list));
  } catch {
    // storage blocked
  }
  return address?.startsWith(list) ? address : list;
}
