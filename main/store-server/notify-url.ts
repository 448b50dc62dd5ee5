/**
 * The notify_url a store's tills send with every order: one path per store, so the server knows whose merchant
 * secret verifies the notification. Only when the server has a public URL (`--public-url`): a server Omipay
 * cannot reach gives the tills none, and they poll as they always do.
 */
export const NOTIFY_PATH_PREFIX = '/api/omipay/notify';

export function storeNotifyUrl(publicUrl: string | null, storeId: string): string | null {
  if (!publicUrl) return null;
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return new URL(`${NOTIFY_PATH_PREFIX.slice(1)}/${encodeURIComponent(storeId)}`, base).href;
}
