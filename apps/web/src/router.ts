import { useEffect, useState } from 'react';

// Hash routes (#/campaigns/…): the API lives at /api/v1 and the gateway serves only `/` and
// /assets/*, so no client route can ever shadow an API path or its 404 problem.
export type Route =
  | { name: 'campaigns' }
  | { name: 'call'; campaignId: string }
  | { name: 'callbacks' }
  | { name: 'notFound' };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/campaigns';
  if (path === '/' || path === '/campaigns') return { name: 'campaigns' };
  if (path === '/callbacks') return { name: 'callbacks' };
  const call = new RegExp(`^/campaigns/(${UUID})$`, 'i').exec(path);
  if (call) return { name: 'call', campaignId: call[1]! };
  return { name: 'notFound' };
}

export const hrefOf = (route: Route): string =>
  route.name === 'call' ? `#/campaigns/${route.campaignId}` : route.name === 'callbacks' ? '#/callbacks' : '#/campaigns';

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
